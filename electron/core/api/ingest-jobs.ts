import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { IngestReportEvent } from '../../../shared/api/schemas';
import { StrongroomError } from '../errors';
import type { IngestReport, IngestSource } from '../ingest/ingest';
import type { ApiEvents } from './events';
import type { Session } from './session';

interface Job {
  abort: AbortController;
  recent: { name: string; outcome: 'imported' | 'duplicate' | 'refused' }[];
  done: Promise<unknown>;
}

const RECENT = 20;
/**
 * While a job runs, library.changed goes out at most this often (at the first commit, then at most once
 * per interval), so images appear in the grid as they are committed rather than only at the end, without
 * making the UI re-read the library after every single image.
 */
const LIBRARY_CHANGED_INTERVAL_MS = 1000;

function toEvent(jobId: string, r: IngestReport): IngestReportEvent {
  return {
    jobId,
    imported: r.imported.map((i) => ({ source: path.basename(i.source), assetId: i.assetId, versionNumber: i.versionNumber, newAsset: i.newAsset })),
    duplicates: r.duplicates.map((d) => ({ source: path.basename(d.source), assetId: d.assetId, title: d.title })),
    refused: r.refused.map((x) => ({ source: path.basename(x.source), reason: x.reason })),
    cancelled: r.cancelled,
    elapsedMs: r.elapsedMs,
  };
}

/**
 * Imports started from the UI run as jobs in the background of the engine: progress and the final
 * report go out as events, and a job can be cancelled. Locking the vault cancels every job.
 */
export class IngestJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly session: Session,
    private readonly events: ApiEvents,
  ) {
    session.onLock(() => this.cancelAll());
  }

  /**
   * Starts a job over the given sources and returns at once. `signal` aborts when the job is cancelled
   * (or the vault locks), so whoever feeds its sources (browser uploads) can stop waiting for bytes.
   */
  start(
    sources: IngestSource[],
    options: { assetId?: string } = {},
  ): { jobId: string; done: Promise<IngestReportEvent>; signal: AbortSignal } {
    const vault = this.session.requireVault();
    const jobId = randomUUID();
    const job: Job = { abort: new AbortController(), recent: [], done: Promise.resolve() };
    this.jobs.set(jobId, job);
    const note = (name: string, outcome: Job['recent'][number]['outcome']) => {
      job.recent.unshift({ name: path.basename(name), outcome });
      job.recent.length = Math.min(job.recent.length, RECENT);
    };
    let lastChanged = 0;
    let changeTimer: NodeJS.Timeout | undefined;
    const emitChanged = () => {
      clearTimeout(changeTimer);
      changeTimer = undefined;
      lastChanged = Date.now();
      this.events.emit('library.changed', { reason: 'ingest' });
    };
    const committed = () => {
      const wait = lastChanged + LIBRARY_CHANGED_INTERVAL_MS - Date.now();
      if (wait <= 0) emitChanged();
      else changeTimer ??= setTimeout(emitChanged, wait);
    };
    const done = this.session.core
      .ingest(vault, sources, {
        assetId: options.assetId,
        signal: job.abort.signal,
        onCommitted: (item) => {
          note(item.source, 'imported');
          committed();
        },
        onProgress: (p) => this.events.emit('ingest.progress', { jobId, ...p, recent: job.recent.slice() }),
      })
      .then((report) => {
        const event = toEvent(jobId, report);
        this.events.emit('ingest.done', event);
        emitChanged();
        return event;
      })
      .finally(() => {
        // A job that failed still shows what it committed since the last refresh.
        if (changeTimer !== undefined) emitChanged();
        this.jobs.delete(jobId);
      });
    done.catch(() => undefined);
    job.done = done;
    return { jobId, done, signal: job.abort.signal };
  }

  /**
   * Cancels every running job and waits until each has ended, so a shell can lock the vault without
   * closing the catalog under an import that is still cleaning up its blobs.
   */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()];
    for (const job of running) job.abort.abort();
    await Promise.allSettled(running.map((job) => job.done));
  }

  cancel(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (!job) throw new StrongroomError('NOT_FOUND', 'no such import is running');
    job.abort.abort();
  }
}
