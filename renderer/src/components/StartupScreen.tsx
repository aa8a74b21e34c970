import type { Connection } from '../stores/vault-store';

/** Before the vault can even be asked about: connecting, or why that failed and what to do. */
export function StartupScreen({ connection, onRetry }: { connection: Connection; onRetry(): void }) {
  if (connection === 'starting' || connection === 'ready') {
    return (
      <main className="center-screen" aria-busy="true">
        <p className="muted" role="status">
          Opening Strongroom…
        </p>
      </main>
    );
  }
  const unauthorized = connection === 'unauthorized';
  return (
    <main className="center-screen">
      <div className="card card--narrow stack" role="alert" data-testid="connection-problem">
        <h1 className="card__title">{unauthorized ? 'This tab is not signed in' : 'Strongroom is not responding'}</h1>
        <p>
          {unauthorized
            ? 'For your safety, each link Strongroom prints works once. Open the newest link from the terminal where Strongroom runs.'
            : 'Check that Strongroom is still running, then try again.'}
        </p>
        <button type="button" className="button button--primary" onClick={onRetry}>
          Try again
        </button>
      </div>
    </main>
  );
}
