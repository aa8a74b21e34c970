import type { Core } from '../index';
import { createDispatch } from './dispatch';
import { ApiEvents } from './events';
import { ExportJobs } from './export-jobs';
import { createHandlers } from './handlers';
import { IngestJobs } from './ingest-jobs';
import { LogoImports } from './logo-imports';
import { readMedia } from './media';
import { Session } from './session';
import { WatermarkPreviews } from './watermark-preview';

/** The engine as the UI sees it: one dispatcher, one event stream, media by version id. */
export function createApi(core: Core, options: { vaultDir: string; log?: (message: string) => void }) {
  const events = new ApiEvents();
  const session = new Session(core, options.vaultDir, events);
  const jobs = new IngestJobs(session, events);
  const exportJobs = new ExportJobs(session, events);
  const logos = new LogoImports(session);
  const handlers = createHandlers(session, jobs, events, { exportJobs, logos, previews: new WatermarkPreviews(session, logos) });
  return {
    dispatch: createDispatch(handlers, options.log),
    events,
    session,
    jobs,
    exportJobs,
    media: (kind: Parameters<typeof readMedia>[1], versionId: string) => readMedia(session, kind, versionId),
  };
}

export type Api = ReturnType<typeof createApi>;
