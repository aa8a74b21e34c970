import { z } from 'zod';
import type { ApiArgs, ApiMethod, ApiResult } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { MAX_UPLOAD_BYTES, uploadJobArgsSchema } from '../../../shared/api/http';
import type { DroppedItems } from './dropped-items';
import { chunks } from '../lib/chunks';
import { describeIssue, isEnvelope, openEnvelope } from './response-envelope';
import { runLimited } from './run-limited';
import type { IngestCarrier } from './transport';
import { walkEntries, type WalkedFile } from './walk-entries';

export type CallApi = <M extends ApiMethod>(method: M, args: ApiArgs<M>) => Promise<ApiResult<M>>;

/** A file the UI refused before the engine saw it, with a reason a person can act on. */
export interface SkippedFile {
  readonly source: string;
  readonly reason: string;
}

export interface IngestFilesOptions {
  /** Add the files as new versions of this asset instead of new assets. */
  readonly assetId?: string;
  /** Stops uploads that have not started yet (the caller cancels the engine job itself). */
  readonly signal?: AbortSignal;
  /** A job exists: progress events for it may arrive from now on. `skipped` rides on the first job. */
  onJobStarted?(job: { jobId: string; fileCount: number; skipped: readonly SkippedFile[] }): void;
  /** Browser shell only: another file's bytes were handed over. */
  onUploadProgress?(progress: { jobId: string; filesSent: number; filesTotal: number }): void;
}

export interface IngestFilesOutcome {
  readonly jobIds: string[];
  readonly skipped: SkippedFile[];
}

/** Both the contract and the upload route take at most this many files per job. */
const FILES_PER_JOB = 10_000;
/** Two uploads at a time keep the pipe full without starving the page's API calls. */
const PARALLEL_UPLOADS = 2;

const uploadJobResultSchema = z.object({ jobId: z.string().min(1).max(64) });

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

async function ingestByPaths(
  carrier: Extract<IngestCarrier, { kind: 'paths' }>,
  call: CallApi,
  items: DroppedItems,
  options: IngestFilesOptions,
): Promise<IngestFilesOutcome> {
  const skipped: SkippedFile[] = [];
  const paths: string[] = [];
  for (const file of items.files) {
    const path = carrier.pathForFile(file);
    if (path) paths.push(path);
    else skipped.push({ source: file.name, reason: 'is not a file on this computer; save it to a folder first' });
  }
  const jobIds: string[] = [];
  for (const batch of chunks(paths, FILES_PER_JOB)) {
    if (options.signal?.aborted) break;
    const { jobId } = await call('ingest.startPaths', { paths: batch, ...(options.assetId ? { assetId: options.assetId } : {}) });
    options.onJobStarted?.({ jobId, fileCount: batch.length, skipped: jobIds.length === 0 ? skipped : [] });
    jobIds.push(jobId);
  }
  return { jobIds, skipped };
}

async function collectUploads(items: DroppedItems): Promise<{ files: WalkedFile[]; skipped: SkippedFile[] }> {
  const walked =
    items.entries.length > 0 ? await walkEntries(items.entries) : { files: items.files.map((file) => ({ file, path: file.name })), unreadable: [] };
  const skipped: SkippedFile[] = [...walked.unreadable];
  const files: WalkedFile[] = [];
  for (const f of walked.files) {
    if (f.file.size > MAX_UPLOAD_BYTES) skipped.push({ source: f.path, reason: 'is larger than 512 MB, the most Strongroom imports' });
    else files.push(f);
  }
  return { files, skipped };
}

async function createUploadJob(
  carrier: Extract<IngestCarrier, { kind: 'upload' }>,
  batch: readonly WalkedFile[],
  assetId: string | undefined,
): Promise<string> {
  const args = { files: batch.map((f) => ({ name: f.file.name, size: f.file.size })), ...(assetId ? { assetId } : {}) };
  const checked = uploadJobArgsSchema.safeParse(args);
  if (!checked.success) throw new ApiError('INVALID_ARGUMENT', `cannot upload these files: ${describeIssue(checked.error)}`);
  const raw = await carrier.createUploadJob(args);
  // The route answers { jobId }, possibly wrapped in an ApiResponse like every other route; accept both.
  const body = isEnvelope(raw) ? openEnvelope(raw, 'the upload request') : raw;
  const parsed = uploadJobResultSchema.safeParse(body);
  if (!parsed.success) throw new ApiError('INTERNAL', 'the response to the upload request does not match the contract');
  return parsed.data.jobId;
}

async function ingestByUpload(
  carrier: Extract<IngestCarrier, { kind: 'upload' }>,
  call: CallApi,
  items: DroppedItems,
  options: IngestFilesOptions,
): Promise<IngestFilesOutcome> {
  const { files, skipped } = await collectUploads(items);
  const jobIds: string[] = [];
  for (const batch of chunks(files, FILES_PER_JOB)) {
    if (options.signal?.aborted) break;
    const jobId = await createUploadJob(carrier, batch, options.assetId);
    options.onJobStarted?.({ jobId, fileCount: batch.length, skipped: jobIds.length === 0 ? skipped : [] });
    jobIds.push(jobId);
    let filesSent = 0;
    const tasks = batch.map((f, index) => async () => {
      await carrier.uploadFile(jobId, index, f.file, options.signal);
      options.onUploadProgress?.({ jobId, filesSent: ++filesSent, filesTotal: batch.length });
    });
    try {
      await runLimited(tasks, PARALLEL_UPLOADS, options.signal);
    } catch (error) {
      if (isAbort(error)) break;
      // The engine would wait forever for bytes that will not come; end the job so it reports.
      await call('ingest.cancel', { jobId }).catch(() => undefined);
      throw error;
    }
  }
  return { jobIds, skipped };
}

/** Starts engine import jobs for dropped or picked files, over whichever carrier the transport has. */
export function ingestFiles(carrier: IngestCarrier, call: CallApi, items: DroppedItems, options: IngestFilesOptions): Promise<IngestFilesOutcome> {
  return carrier.kind === 'paths' ? ingestByPaths(carrier, call, items, options) : ingestByUpload(carrier, call, items, options);
}
