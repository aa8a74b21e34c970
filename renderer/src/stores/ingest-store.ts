import { create } from 'zustand';
import { ApiError } from '../../../shared/api/errors';
import type { IngestProgressEvent, IngestReportEvent } from '../../../shared/api/schemas';
import { api, type DroppedItems, type SkippedFile } from '../api';
import { humanMessage } from '../lib/error-messages';
import { reportError } from './toast-store';

export type IngestJobStatus = 'running' | 'cancelling' | 'done' | 'failed';

/** One import as the panel shows it: what was asked, how far it got, and finally what happened. */
export interface IngestJob {
  /** The engine's job id; a drop that never became a job (everything skipped) gets a local key. */
  readonly key: string;
  readonly jobId: string | null;
  readonly label: string;
  /** Set when the files become new versions of this asset. */
  readonly assetId: string | null;
  readonly startedAt: number;
  readonly fileCount: number | null;
  /** Browser shell only: files whose bytes were handed over. */
  readonly upload: { readonly filesSent: number; readonly filesTotal: number } | null;
  readonly progress: IngestProgressEvent | null;
  readonly report: IngestReportEvent | null;
  /** Files refused before reaching the engine (not on disk, too large, unreadable). */
  readonly skipped: readonly SkippedFile[];
  readonly status: IngestJobStatus;
  readonly error: string | null;
}

export interface ImportOptions {
  readonly assetId?: string;
  readonly label?: string;
}

export interface IngestStore {
  /** Newest first. */
  readonly jobs: readonly IngestJob[];
  importItems(items: DroppedItems, options?: ImportOptions): Promise<void>;
  applyProgress(event: IngestProgressEvent): void;
  applyDone(event: IngestReportEvent): void;
  cancel(key: string): Promise<void>;
  dismiss(key: string): void;
  reset(): void;
}

/** Uploads to stop when their job is cancelled (the engine job is cancelled separately). */
const uploadAborts = new Map<string, AbortController>();
let localKeys = 0;
/** Bumped by reset (lock): callbacks of an import started before it must not recreate its jobs. */
let epoch = 0;

function newJob(key: string, jobId: string | null, label: string, assetId: string | null): IngestJob {
  return { key, jobId, label, assetId, startedAt: Date.now(), fileCount: null, upload: null, progress: null, report: null, skipped: [], status: 'running', error: null };
}

/** Everything the report lists as refused: the engine's reasons and the UI's own. */
export function refusedFiles(job: IngestJob): SkippedFile[] {
  return [...job.skipped, ...(job.report?.refused ?? [])];
}

export function isFinished(job: IngestJob): boolean {
  return job.status === 'done' || job.status === 'failed';
}

export const useIngest = create<IngestStore>()((set, get) => {
  /** Updates the job with this engine id, creating it if events outran the start call. */
  function upsert(jobId: string, change: (job: IngestJob) => IngestJob, at = epoch): void {
    if (at !== epoch) return;
    set((s) => {
      const existing = s.jobs.find((j) => j.jobId === jobId);
      if (!existing) return { jobs: [change(newJob(jobId, jobId, 'Importing', null)), ...s.jobs] };
      return { jobs: s.jobs.map((j) => (j === existing ? change(j) : j)) };
    });
  }

  return {
    jobs: [],

    async importItems(items, options = {}) {
      const label = options.label ?? 'Importing';
      const assetId = options.assetId ?? null;
      const abort = new AbortController();
      const started: string[] = [];
      const at = epoch;
      try {
        const outcome = await api.ingestFiles(items, {
          ...(options.assetId ? { assetId: options.assetId } : {}),
          signal: abort.signal,
          onJobStarted: ({ jobId, fileCount, skipped }) => {
            started.push(jobId);
            uploadAborts.set(jobId, abort);
            upsert(jobId, (job) => ({ ...job, label, assetId, fileCount, skipped: [...job.skipped, ...skipped] }), at);
          },
          onUploadProgress: ({ jobId, filesSent, filesTotal }) => upsert(jobId, (job) => ({ ...job, upload: { filesSent, filesTotal } }), at),
        });
        if (at !== epoch) return;
        if (outcome.jobIds.length === 0) {
          // Nothing reached the engine: still show a report, so the user learns why.
          const key = `local-${++localKeys}`;
          const job: IngestJob = { ...newJob(key, null, label, assetId), fileCount: outcome.skipped.length, skipped: outcome.skipped, status: 'done' };
          set((s) => ({ jobs: [job, ...s.jobs] }));
        }
      } catch (error) {
        if (at !== epoch) return;
        for (const jobId of started) {
          upsert(jobId, (job) => (isFinished(job) ? job : { ...job, status: 'failed', error: humanMessage(error) }));
        }
        if (started.length === 0) reportError('Could not start the import', error);
      }
    },

    applyProgress(event) {
      upsert(event.jobId, (job) => (isFinished(job) ? job : { ...job, progress: event }));
    },

    applyDone(event) {
      uploadAborts.delete(event.jobId);
      upsert(event.jobId, (job) => ({ ...job, report: event, status: 'done' }));
    },

    async cancel(key) {
      const job = get().jobs.find((j) => j.key === key);
      if (!job || isFinished(job) || job.jobId === null) return;
      const { jobId } = job;
      set((s) => ({ jobs: s.jobs.map((j) => (j.key === key ? { ...j, status: 'cancelling' } : j)) }));
      uploadAborts.get(jobId)?.abort();
      try {
        await api.call('ingest.cancel', { jobId });
      } catch (error) {
        // NOT_FOUND: it finished on its own meanwhile; its report is on its way.
        if (!(error instanceof ApiError && error.code === 'NOT_FOUND')) reportError('Could not cancel the import', error);
      }
    },

    dismiss(key) {
      set((s) => ({ jobs: s.jobs.filter((j) => j.key !== key || !isFinished(j)) }));
    },

    reset() {
      epoch++;
      for (const abort of uploadAborts.values()) abort.abort();
      uploadAborts.clear();
      set({ jobs: [] });
    },
  };
});
