import { app, Menu } from 'electron';
import { appMenuTemplate } from './menu-template';

export function installAppMenu(options: { isDev: boolean; lock: () => void }): void {
  app.setAboutPanelOptions({ applicationName: 'Strongroom', applicationVersion: app.getVersion(), copyright: 'Strongroom' });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(appMenuTemplate({ ...options, isMac: process.platform === 'darwin', appName: app.getName() })),
  );
}
