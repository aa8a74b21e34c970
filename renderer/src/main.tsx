import './lib/zod-without-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installTransport } from './api';
import { chooseTransport } from './api/choose-transport';
import { App } from './components/App';
import { preventFileNavigation } from './lib/prevent-file-navigation';
import { connectStores } from './stores/connect-stores';
import { useVault } from './stores/vault-store';
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/screens.css';
import './styles/library.css';
import './styles/grid.css';
import './styles/detail.css';
import './styles/ingest.css';
import './styles/feedback.css';
import './styles/dialogs.css';
import './styles/designer.css';
import './styles/shares.css';
import './styles/sync.css';

/** Start-up: pick the transport, wire stores to its events, render, then ask for the vault state. */
const transport = chooseTransport();
installTransport(transport);
connectStores();
preventFileNavigation();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

transport.start().then(
  () => useVault.getState().refresh(),
  () => useVault.setState({ connection: 'unreachable' }),
);
