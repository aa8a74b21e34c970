import type { ApiArgs, ApiEvent, ApiEventPayload, ApiMethod, ApiResult, MediaKind } from './contract';
import type { ApiResponse } from './errors';

/**
 * What the Electron preload exposes to the renderer as `window.strongroom`: one function per contract
 * method (never raw ipcRenderer), an event subscription, and the path of a dropped file.
 */
export type BridgeMethods = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResponse<ApiResult<M>>> };

export interface StrongroomBridge {
  methods: BridgeMethods;
  onEvent(listener: <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) => void): () => void;
  /** webUtils.getPathForFile: dropped files reach the engine as paths, never as bytes through IPC. */
  pathForFile(file: File): string;
}

export const MEDIA_SCHEME = 'strongroom-media';
export const APP_SCHEME = 'app';

export function electronMediaUrl(kind: MediaKind, versionId: string): string {
  return `${MEDIA_SCHEME}://${kind}/${versionId}`;
}

/** IPC channel names: one per method, prefixed, so a handler can never be reached by a made-up name. */
export const ipcChannel = (method: ApiMethod) => `strongroom:${method}`;
export const IPC_EVENT_CHANNEL = 'strongroom:event';
