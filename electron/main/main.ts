import { app, powerMonitor, safeStorage, session } from 'electron';
import path from 'node:path';
import { createApi } from '../core/api/index';
import { DEFAULT_SHARE_PORT } from '../core/cli/commands/share-format';
import { createCore } from '../core/index';
import { createKeytarDriver } from '../core/keys/keytar-driver';
import { defaultVaultDir } from '../core/vault/layout';
import { appPaths } from './app-paths';
import { applyDevOverrides, devSharePort } from './dev-overrides';
import { createFallbackKeychain } from './fallback-keychain';
import { forwardApiEvents, registerApiHandlers } from './ipc';
import { createFileLog } from './log';
import { installAppMenu } from './menu';
import { registerAppProtocol, registerMediaProtocol, registerPrivilegedSchemes } from './protocols';
import { createSafeStorageDriver } from './safe-storage-driver';
import { denyAllPermissions, hardenWebContents } from './security';
import { lockOnSystemEvents } from './system-lock';
import { isTrustedFrame } from './trusted-sender';
import { appWindows, createMainWindow, focusWindow } from './window';

/**
 * The Electron main process: a thin shell that wires the engine (electron/core) to windows, protocols
 * and IPC. Everything that decides anything about vaults lives in the engine.
 */

// Before `ready`: where data lives, the sandbox for every renderer, and the schemes' privileges.
applyDevOverrides();
app.enableSandbox();
registerPrivilegedSchemes();
if (process.platform === 'win32') app.setAppUserModelId('com.strongroom.app');

async function start(): Promise<void> {
  const isDev = !app.isPackaged;
  const log = createFileLog(app.getPath('logs'), isDev);
  const paths = appPaths(app.getAppPath());
  denyAllPermissions(session.defaultSession);

  // The composition root: the engine is created once, with this device's keychain.
  const keychain = await createFallbackKeychain(createKeytarDriver(), createSafeStorageDriver(safeStorage, app.getPath('userData')));
  const core = createCore({ keychain, ...(app.isPackaged ? { resourcesDir: process.resourcesPath } : {}) });
  // Links are served from the first unlock until the app quits, also while the library is locked.
  const api = createApi(core, {
    vaultDir: process.env.STRONGROOM_VAULT ?? defaultVaultDir(),
    log,
    shareServer: { defaultPort: devSharePort(app.isPackaged) ?? DEFAULT_SHARE_PORT },
  });
  log(`started; keychain: ${keychain?.name ?? 'none'}`);

  registerAppProtocol(paths.renderer);
  registerMediaProtocol(api.media);
  registerApiHandlers(api, (event) => isTrustedFrame(event.senderFrame, appWindows().map((w) => w.webContents.mainFrame)));
  forwardApiEvents(api.events, () => appWindows().map((w) => w.webContents));

  const lock = () => void api.session.lock();
  installAppMenu({ isDev, lock });
  lockOnSystemEvents(powerMonitor, lock);
  // Closing the vault wipes its keys from memory: before the process goes away, and when the last
  // window closes (on macOS the app keeps running without one).
  app.on('before-quit', lock);
  app.on('will-quit', () => void api.shares.close());
  app.on('window-all-closed', lock);

  const openWindow = () =>
    createMainWindow({ preloadPath: paths.preload, statePath: path.join(app.getPath('userData'), 'window-state.json'), isDev, log });
  openWindow();
  app.on('activate', () => {
    if (appWindows().length === 0) openWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Strongroom owns this user's data; it focuses its window (below) and we leave.
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = appWindows()[0];
    if (win) focusWindow(win);
  });
  hardenWebContents();
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      process.stderr.write(`Strongroom could not start: ${(err as Error)?.stack ?? String(err)}\n`);
      app.exit(1);
    });
}
