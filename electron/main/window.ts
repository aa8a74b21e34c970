import { BrowserWindow, screen } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { MIN_WINDOW_SIZE, restoreWindowState } from './window-state';
import { readWindowState, writeWindowState } from './window-state-file';

/** Our windows: the IPC sender check and event forwarding accept these and nothing else. */
const windows = new Set<BrowserWindow>();

export function appWindows(): BrowserWindow[] {
  return [...windows].filter((w) => !w.isDestroyed());
}

export interface MainWindowOptions {
  preloadPath: string;
  /** userData/window-state.json */
  statePath: string;
  isDev: boolean;
  log: (message: string) => void;
}

/**
 * The main window: a sandboxed, context-isolated renderer with no Node, whose only way to the engine
 * is the preload's bridge. Size, position and maximised state are restored when the display they were
 * on is still there.
 */
export function createMainWindow({ preloadPath, statePath, isDev, log }: MainWindowOptions): BrowserWindow {
  const initial = restoreWindowState(
    readWindowState(statePath),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...initial.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Strongroom',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // A file dropped outside the UI's drop zone must not navigate the window to file://.
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: isDev,
    },
  });
  windows.add(win);

  win.once('ready-to-show', () => {
    if (initial.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => {
    try {
      writeWindowState(statePath, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (err) {
      log(`could not save the window state: ${(err as Error).message}`);
    }
  });
  win.on('closed', () => windows.delete(win));

  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => log(`the main window failed to load: ${(err as Error).message}`));
  return win;
}

/** Brings a window to the front, e.g. when the user starts Strongroom a second time. */
export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
