import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../electron/main/menu-template';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

describe('application menu', () => {
  it('offers reload and developer tools only in development', () => {
    const roles = (isDev: boolean, isMac: boolean) => flatten(appMenuTemplate({ isDev, isMac, appName: 'Strongroom', lock: () => undefined })).map((i) => i.role);
    for (const isMac of [false, true]) {
      expect(roles(true, isMac)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
      expect(roles(false, isMac)).not.toEqual(expect.arrayContaining(['reload']));
      expect(roles(false, isMac).filter((r) => r === 'reload' || r === 'forceReload' || r === 'toggleDevTools')).toEqual([]);
      expect(roles(false, isMac)).toEqual(expect.arrayContaining(['quit', 'about', 'copy', 'paste', 'zoomIn', 'windowMenu']));
    }
  });

  it('locks the vault from File › Lock Vault (Ctrl/Cmd+L)', () => {
    let locked = 0;
    const file = appMenuTemplate({ isDev: false, isMac: false, appName: 'Strongroom', lock: () => (locked += 1) }).find((m) => m.label === 'File')!;
    const item = flatten([file]).find((i) => i.label === 'Lock Vault')!;
    expect(item.accelerator).toBe('CmdOrCtrl+L');
    (item.click as () => void)();
    expect(locked).toBe(1);
  });
});
