import type { ExportJobs } from './export-jobs';
import type { HandlerMap } from './handler-map';
import type { WatermarkPreviews } from './watermark-preview';

/** Export jobs and the designer's preview. */
export function createExportHandlers(jobs: ExportJobs, previews: WatermarkPreviews): HandlerMap<'export.start' | 'export.cancel' | 'watermark.preview'> {
  return {
    'export.start': (args) => jobs.start(args),
    'export.cancel': async ({ jobId }) => {
      jobs.cancel(jobId);
      return { ok: true as const };
    },
    'watermark.preview': (args) => previews.render(args),
  };
}
