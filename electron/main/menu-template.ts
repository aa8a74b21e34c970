import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  isDev: boolean;
  isMac: boolean;
  appName: string;
  /** Closes the vault (its keys are wiped); the UI shows the unlock screen on the vault.changed event. */
  lock: () => void;
}

/**
 * The application menu. Reload and developer tools exist only in development: in a shipped vault they
 * would let anyone at the keyboard inspect an unlocked session's page.
 */
export function appMenuTemplate({ isDev, isMac, appName, lock }: MenuOptions): MenuItemConstructorOptions[] {
  const lockItem: MenuItemConstructorOptions = { label: 'Lock Vault', accelerator: 'CmdOrCtrl+L', click: () => lock() };
  const macAppMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
  };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: isMac ? [lockItem, { type: 'separator' }, { role: 'close' }] : [lockItem, { type: 'separator' }, { role: 'quit' }],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'delete' }, { type: 'separator' }, { role: 'selectAll' }],
  };
  const devItems: MenuItemConstructorOptions[] = isDev
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [...devItems, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
  const window: MenuItemConstructorOptions = { role: 'windowMenu' };
  const help: MenuItemConstructorOptions = { role: 'help', submenu: isMac ? [] : [{ role: 'about', label: `About ${appName}` }] };
  return [...(isMac ? [macAppMenu] : []), file, edit, view, window, help];
}
