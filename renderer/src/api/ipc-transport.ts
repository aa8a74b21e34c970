import { electronMediaUrl, type StrongroomBridge } from '../../../shared/api/bridge';
import type { ApiMethod } from '../../../shared/api/contract';
import { EngineUnreachableError } from './engine-unreachable-error';
import type { Transport } from './transport';

/**
 * Electron: every call goes through the preload bridge's one function per method; dropped files become
 * paths (webUtils.getPathForFile) so their bytes never cross IPC; renditions load from the
 * strongroom-media:// scheme the main process serves.
 */
export function createIpcTransport(bridge: StrongroomBridge): Transport {
  return {
    name: 'ipc',
    start: () => Promise.resolve(),
    async call(method: ApiMethod, args: unknown) {
      // The bridge is typed per method; here the method is a runtime value, and the api module has
      // already checked `args` against that method's schema.
      const invoke = bridge.methods[method] as (args: unknown) => Promise<unknown>;
      if (typeof invoke !== 'function') throw new EngineUnreachableError(`the desktop shell has no ${method}`);
      try {
        return await invoke(args);
      } catch (error) {
        throw new EngineUnreachableError(error instanceof Error ? error.message : 'IPC failed');
      }
    },
    onEvent(listener) {
      return bridge.onEvent((event, payload) => listener(event, payload));
    },
    // IPC lives as long as the window; there is no connection to lose.
    onReconnect: () => () => undefined,
    mediaUrl: electronMediaUrl,
    ingest: { kind: 'paths', pathForFile: (file) => bridge.pathForFile(file) },
  };
}
