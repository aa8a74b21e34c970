import type { ApiMethod, MediaKind } from '../../../shared/api/contract';

/** A raw event as a transport receives it: a name and a payload nobody has checked yet. */
export type RawEventListener = (event: string, payload: unknown) => void;

/**
 * How dropped files reach the engine. Electron hands the engine paths (the engine reads and walks them
 * itself); the browser shell cannot see paths, so the page uploads the bytes.
 */
export type IngestCarrier =
  | { kind: 'paths'; pathForFile(file: File): string }
  | {
      kind: 'upload';
      /** POST the upload job; resolves with the unvalidated response body. */
      createUploadJob(args: unknown): Promise<unknown>;
      /** PUT one file's bytes; rejects with ApiError when the shell refuses them. */
      uploadFile(jobId: string, index: number, file: File, signal: AbortSignal | undefined): Promise<void>;
    };

/**
 * One way of talking to the engine. The api module (api.ts) sits on top and validates everything a
 * transport returns, so transports only move bytes and never interpret results.
 */
export interface Transport {
  readonly name: 'ipc' | 'http';
  /** Resolves when calls may be made (the browser shell exchanges its one-time token first). */
  start(): Promise<void>;
  /** One contract call. Resolves with the raw ApiResponse envelope; rejects only when the engine is unreachable. */
  call(method: ApiMethod, args: unknown): Promise<unknown>;
  onEvent(listener: RawEventListener): () => void;
  /** Called after a lost event connection comes back: events may have been missed meanwhile. */
  onReconnect(listener: () => void): () => void;
  mediaUrl(kind: MediaKind, versionId: string): string;
  readonly ingest: IngestCarrier;
}
