import { apiMethods, type ApiArgs, type ApiMethod, type ApiResult, type MediaKind } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { validateEvent, type ApiEventListener } from './api-events';
import type { DroppedItems } from './dropped-items';
import { EngineUnreachableError } from './engine-unreachable-error';
import { importLogo, type ImportedLogo } from './import-logo';
import { ingestFiles, type IngestFilesOptions, type IngestFilesOutcome } from './ingest-files';
import { describeIssue, openEnvelope } from './response-envelope';
import type { Transport } from './transport';

/**
 * The one API module components and stores use. It owns no I/O: a transport is installed once at start
 * (main.tsx picks IPC or HTTP; tests install a fake) and everything it returns is checked against the
 * contract here, so a store never holds data of a shape it was not written for.
 */
let transport: Transport | null = null;
let unsubscribeTransport: (() => void)[] = [];
const eventListeners = new Set<ApiEventListener>();
const reconnectListeners = new Set<() => void>();

function requireTransport(): Transport {
  if (!transport) throw new ApiError('INTERNAL', 'the API is used before a transport was installed');
  return transport;
}

/** Installs the transport every later call goes through; replaces (and detaches) a previous one. */
export function installTransport(next: Transport): void {
  for (const unsubscribe of unsubscribeTransport) unsubscribe();
  transport = next;
  unsubscribeTransport = [
    next.onEvent((name, payload) => {
      const message = validateEvent(name, payload);
      if (!message) return;
      for (const listener of eventListeners) listener(message);
    }),
    next.onReconnect(() => {
      for (const listener of reconnectListeners) listener();
    }),
  ];
}

async function call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const spec = apiMethods[method];
  // The engine validates too; checking here turns a UI bug into a clear error without a round trip.
  const checkedArgs = spec.args.safeParse(args);
  if (!checkedArgs.success) throw new ApiError('INVALID_ARGUMENT', `invalid arguments for ${method}: ${describeIssue(checkedArgs.error)}`);
  let raw: unknown;
  try {
    raw = await requireTransport().call(method, args);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new EngineUnreachableError(error instanceof Error ? error.message : 'no answer');
  }
  const value = openEnvelope(raw, method);
  const result = spec.result.safeParse(value);
  if (!result.success) throw new ApiError('INTERNAL', `the response to ${method} does not match the contract (${describeIssue(result.error)})`);
  return result.data as ApiResult<M>;
}

export const api = {
  call,

  /** Contract events, validated; returns the unsubscribe function. */
  onEvent(listener: ApiEventListener): () => void {
    eventListeners.add(listener);
    return () => eventListeners.delete(listener);
  },

  /** The event connection came back after a gap: anything shown may be stale. */
  onReconnected(listener: () => void): () => void {
    reconnectListeners.add(listener);
    return () => reconnectListeners.delete(listener);
  },

  /** Where an <img> loads a rendition from; the transport decides the scheme. */
  mediaUrl(kind: MediaKind, versionId: string): string {
    return requireTransport().mediaUrl(kind, versionId);
  },

  /** Dropped or picked files into the vault (as new assets, or new versions of `options.assetId`). */
  ingestFiles(items: DroppedItems, options: IngestFilesOptions = {}): Promise<IngestFilesOutcome> {
    return ingestFiles(requireTransport().ingest, call, items, options);
  },

  /** A watermark logo picked in the designer into the vault: by path in Electron, as bytes in a browser. */
  importLogo(file: File): Promise<ImportedLogo> {
    return importLogo(requireTransport().ingest, call, file);
  },
} as const;

export type Api = typeof api;
