import type { Core } from '../index';
import { ShareService, type ShareActivity } from '../share/share-service';
import { createDispatch } from './dispatch';
import { ApiEvents } from './events';
import { ExportJobs } from './export-jobs';
import { createHandlers } from './handlers';
import { IngestJobs } from './ingest-jobs';
import { LogoImports } from './logo-imports';
import { readMedia } from './media';
import { keepSearchQuick } from './search-upkeep';
import { Session } from './session';
import { WatermarkPreviews } from './watermark-preview';

export interface ApiOptions {
  vaultDir: string;
  log?: (message: string) => void;
  /**
   * Serve share links while this API runs (the app's shells do): the port used when the vault's
   * settings name none (8491 in the app; 0, any free port, in tests). Absent: no share server.
   */
  shareServer?: { defaultPort: number; activityPollMs?: number };
  /** Background sync timing (tests shorten it); by default 2 s after a local change and every 60 s. */
  sync?: { debounceMs?: number; intervalMs?: number };
}

/** The engine as the UI sees it: one dispatcher, one event stream, media by version id. */
export function createApi(core: Core, options: ApiOptions) {
  const events = new ApiEvents();
  const session = new Session(core, options.vaultDir, events);
  const jobs = new IngestJobs(session, events);
  const exportJobs = new ExportJobs(session, events);
  const logos = new LogoImports(session);
  const onActivity = (activity: ShareActivity) => {
    if (activity.changed.length > 0) events.emit('shares.changed', { shareIds: activity.changed });
    // While the library is locked the window shows no vault data; a notification may say a link was opened, not to whom.
    for (const o of activity.opened) events.emit('shares.opened', { ...o, recipientName: session.isUnlocked ? o.recipientName : null });
  };
  const shares = new ShareService({
    defaultPort: options.shareServer?.defaultPort ?? 0,
    enabled: options.shareServer !== undefined,
    ...(options.log ? { log: options.log } : {}),
    onActivity,
    ...(options.shareServer?.activityPollMs === undefined ? {} : { activityPollMs: options.shareServer.activityPollMs }),
  });
  if (options.shareServer) {
    session.onUnlock((vault) => shares.attach(vault));
    session.onSelect(() => shares.close());
  }
  keepSearchQuick(session, events);
  const sync = core.createSyncService({
    ...options.sync,
    ...(options.log ? { log: options.log } : {}),
    onStatus: (status) => events.emit('sync.status', status),
    onRemoteChanges: () => events.emit('library.changed', { reason: 'sync' }),
  });
  // Syncs while unlocked; locking aborts the pass in flight and waits for it before the vault closes.
  session.onUnlock((vault) => sync.attach(vault));
  session.onLock(() => sync.detach());
  const handlers = createHandlers(session, jobs, events, { exportJobs, logos, previews: new WatermarkPreviews(session, logos) }, shares, sync);
  return {
    dispatch: createDispatch(handlers, options.log),
    events,
    session,
    jobs,
    exportJobs,
    shares,
    sync,
    media: (kind: Parameters<typeof readMedia>[1], versionId: string) => readMedia(session, kind, versionId),
  };
}

export type Api = ReturnType<typeof createApi>;
