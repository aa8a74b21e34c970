import { app, shell, type Session } from 'electron';
import { isAppUrl } from './app-origin';
import { isSafeExternalUrl } from './external-url';

/** Links leave the app only as https, and only to the OS browser, never into an Electron window. */
function openInBrowser(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

/** No camera, microphone, notifications, geolocation, clipboard-read, ...: the UI needs none of them. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * App-wide hardening for every web contents as it is created: no new windows, no navigation or
 * redirect away from app://strongroom, no <webview>, no permissions. Registered before the first window
 * so nothing is created without it.
 */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openInBrowser(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => {
      if (isAppUrl(event.url)) return;
      event.preventDefault();
      openInBrowser(event.url);
    });
    contents.on('will-redirect', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    denyAllPermissions(contents.session);
  });
}
