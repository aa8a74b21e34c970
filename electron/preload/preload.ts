import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel, type BridgeMethods, type StrongroomBridge } from '../../shared/api/bridge';
import { apiMethods, type ApiEvent, type ApiEventPayload, type ApiMethod } from '../../shared/api/contract';

/**
 * The preload: the renderer's only door to the main process. It exposes one function per contract
 * method, each bound to its own channel, and never ipcRenderer itself (which could reach any channel)
 * nor Electron's event objects (whose `sender` is ipcRenderer). Sandboxed preloads cannot require app
 * modules, so this file is bundled into one CommonJS file (scripts/electron/bundle.ts).
 */
const call = (method: ApiMethod) => (args: unknown) => ipcRenderer.invoke(ipcChannel(method), args);

const methods = Object.freeze(
  Object.fromEntries((Object.keys(apiMethods) as ApiMethod[]).map((method) => [method, call(method)])),
) as BridgeMethods;

const bridge: StrongroomBridge = {
  methods,
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, name: ApiEvent, payload: ApiEventPayload<ApiEvent>) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('strongroom', bridge);
