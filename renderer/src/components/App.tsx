import { useVault } from '../stores/vault-store';
import { ErrorBoundary } from './ErrorBoundary';
import { FirstRunScreen } from './FirstRunScreen';
import { LibraryScreen } from './LibraryScreen';
import { RecoveryKeyScreen } from './RecoveryKeyScreen';
import { StartupScreen } from './StartupScreen';
import { Toasts } from './Toasts';
import { UnlockScreen } from './UnlockScreen';

/**
 * Which screen, from the vault state alone. The library screen exists only while the vault is
 * unlocked: locking unmounts it, and with it every thumbnail and field that showed vault data.
 */
function CurrentScreen() {
  const connection = useVault((s) => s.connection);
  const vault = useVault((s) => s.vault);
  const recoveryKey = useVault((s) => s.recoveryKey);
  const refresh = useVault((s) => s.refresh);

  if (connection !== 'ready' || vault === null) return <StartupScreen connection={connection} onRetry={() => void refresh()} />;
  if (recoveryKey !== null) return <RecoveryKeyScreen recoveryKey={recoveryKey} />;
  if (vault.state === 'none') return <FirstRunScreen vault={vault} />;
  if (vault.state === 'locked') return <UnlockScreen vault={vault} />;
  return <LibraryScreen />;
}

export function App() {
  return (
    <ErrorBoundary>
      <CurrentScreen />
      <Toasts />
    </ErrorBoundary>
  );
}
