import { randomUUID } from 'node:crypto';
import type { ApiParsedArgs } from '../../../shared/api/contract';
import type { ExportReportEvent } from '../../../shared/api/imaging-schemas';
import { getRenditionPreset } from '../catalog/rendition-presets';
import { getWatermarkPreset } from '../catalog/watermark-presets';
import { describeError, StrongroomError } from '../errors';
import { prepareExport, type ExportRequest } from '../export/export-assets';
import type { ApiEvents } from './events';
import type { Session } from './session';

interface Job {
  abort: AbortController;
  done: Promise<unknown>;
}

/**
 * Exports started from the UI run as jobs, like imports: `export.start` checks everything it can (the
 * folder, the presets, the assets, the names) and answers at once with a job id or a typed error;
 * progress and the per-file report follow as events. Locking the vault cancels and awaits every job,
 * so no render is left holding decrypted originals after the keys are gone.
 */
export class ExportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly session: Session,
    private readonly events: ApiEvents,
  ) {
    session.onLock(() => this.cancelAll());
  }

  async start(args: ApiParsedArgs<'export.start'>): Promise<{ jobId: string; filesTotal: number }> {
    const vault = this.session.requireVault();
    const request: ExportRequest = {
      assetIds: args.assetIds,
      outDir: args.outDir,
      rendition: getRenditionPreset(vault.db, args.renditionPresetId),
      watermark: args.watermarkPresetId === undefined ? null : getWatermarkPreset(vault.db, args.watermarkPresetId),
      nameTemplate: args.nameTemplate,
    };
    const now = new Date();
    const plan = await prepareExport(vault, request, now);
    const jobId = randomUUID();
    const job: Job = { abort: new AbortController(), done: Promise.resolve() };
    this.jobs.set(jobId, job);
    const done = this.session.core
      .exportAssets(vault, request, {
        signal: job.abort.signal,
        now,
        plan,
        onProgress: (p) => this.events.emit('export.progress', { jobId, ...p }),
      })
      .then(
        (report): ExportReportEvent => ({ jobId, ...report, error: null }),
        // The export failed as a whole before writing anything (the folder vanished, the logo blob is
        // missing): every file is listed as not exported, with the reason.
        (err: unknown): ExportReportEvent => {
          const reason = describeError(err);
          return {
            jobId,
            outDir: plan.outDir,
            files: plan.items.map((item) => ({ ok: false as const, assetId: item.assetId, title: item.title, reason })),
            written: 0,
            failed: plan.items.length,
            cancelled: job.abort.signal.aborted,
            elapsedMs: 0,
            error: reason,
          };
        },
      )
      .then((event) => this.events.emit('export.done', event))
      .finally(() => this.jobs.delete(jobId));
    job.done = done;
    return { jobId, filesTotal: plan.items.length };
  }

  cancel(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (!job) throw new StrongroomError('NOT_FOUND', 'no such export is running');
    job.abort.abort();
  }

  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()];
    for (const job of running) job.abort.abort();
    await Promise.allSettled(running.map((job) => job.done));
  }
}
