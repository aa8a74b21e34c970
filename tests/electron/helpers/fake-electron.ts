import { EventEmitter } from 'node:events';

/**
 * A stand-in for the parts of Electron's main-process API that electron/main uses, recording what the
 * shell registers so a test can drive it (IPC handlers, protocol handlers, hardening hooks) in plain
 * Node. Named fake on purpose: nothing here says anything about Electron's real behaviour.
 */
export interface FakeFrame {
  url: string;
  processId: number;
  routingId: number;
  parent: FakeFrame | null;
}

type Handler = (...args: never[]) => unknown;
let nextProcessId = 100;

class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame = { url: '', processId: nextProcessId++, routingId: 1, parent: null };
  readonly sent: [string, ...unknown[]][] = [];
  readonly session = fake.defaultSession;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  getURL() {
    return this.mainFrame.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  destroyed = false;
  shown = false;
  maximized = false;
  bounds: { x: number; y: number; width: number; height: number };
  constructor(readonly options: { x?: number; y?: number; width: number; height: number; webPreferences: Record<string, unknown> }) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
    fake.windows.push(this);
    fake.app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) {
    this.webContents.mainFrame.url = url;
    this.emit('ready-to-show');
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  isMaximized() {
    return this.maximized;
  }
  maximize() {
    this.maximized = true;
  }
  restore() {}
  show() {
    this.shown = true;
  }
  focus() {}
  getNormalBounds() {
    return this.bounds;
  }
  /** What closing does, in the order Electron emits it. */
  close() {
    this.emit('close', { preventDefault() {} });
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  paths = new Map<string, string>();
  appPath = '';
  isPackaged = false;
  sandboxed = false;
  quitCalls = 0;
  aboutPanel: unknown = null;
  enableSandbox() {
    this.sandboxed = true;
  }
  setPath(name: string, value: string) {
    this.paths.set(name, value);
  }
  getPath(name: string) {
    const value = this.paths.get(name);
    if (!value) throw new Error(`fake app: no path for ${name}`);
    return value;
  }
  getAppPath() {
    return this.appPath;
  }
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  quit() {
    this.quitCalls += 1;
  }
  exit(code: number) {
    throw new Error(`fake app: exit(${code})`);
  }
  getName() {
    return 'Strongroom';
  }
  getVersion() {
    return '0.0.0-test';
  }
  setAboutPanelOptions(options: unknown) {
    this.aboutPanel = options;
  }
  setAppUserModelId() {}
}

export const fake = {
  windows: [] as FakeBrowserWindow[],
  privilegedSchemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, Handler>(),
  menuTemplate: null as unknown,
  openedExternally: [] as string[],
  permissionRequest: null as ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  permissionCheck: null as ((...args: unknown[]) => boolean) | null,
  defaultSession: {
    setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void) {
      fake.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
      fake.permissionCheck = handler;
    },
  },
  app: new FakeApp(),
  powerMonitor: new EventEmitter(),
};

export const electronModule = {
  app: fake.app,
  BrowserWindow: FakeBrowserWindow,
  powerMonitor: fake.powerMonitor,
  session: { defaultSession: fake.defaultSession },
  safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  shell: {
    openExternal: async (url: string) => {
      fake.openedExternally.push(url);
    },
  },
  protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]) {
      fake.privilegedSchemes.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response>) {
      fake.protocolHandlers.set(scheme, handler);
    },
  },
  ipcMain: {
    handle(channel: string, handler: Handler) {
      if (fake.ipcHandlers.has(channel)) throw new Error(`fake ipcMain: second handler for ${channel}`);
      fake.ipcHandlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      fake.ipcHandlers.delete(channel);
    },
  },
  Menu: {
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu(menu: { template: unknown }) {
      fake.menuTemplate = menu.template;
    },
  },
};
