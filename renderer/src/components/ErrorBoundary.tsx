import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/**
 * Last line of defence for a rendering bug: a calm message and a way out, never a stack trace on
 * screen (the console keeps the details for whoever debugs it).
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Strongroom UI error', error, info.componentStack);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="center-screen">
        <div className="card card--narrow" role="alert">
          <h1 className="card__title">This window ran into a problem</h1>
          <p>Your vault is not affected. Reload the window to continue.</p>
          <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </main>
    );
  }
}
