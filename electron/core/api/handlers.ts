import type { ApiMethod } from '../../../shared/api/contract';
import { queryAssetIds, queryAssetItems } from '../catalog/asset-list';
import { getAsset, setApproval, updateAssetFields } from '../catalog/assets';
import {
  addToCollection,
  createCollection,
  deleteCollection,
  listCollections,
  removeFromCollection,
  renameCollection,
} from '../catalog/collections';
import { changeTags, listTags } from '../catalog/tags';
import { toApiDetail, toApiSummary } from './asset-view';
import type { ApiEvents } from './events';
import { createExportHandlers } from './export-handlers';
import type { ExportJobs } from './export-jobs';
import type { IngestJobs } from './ingest-jobs';
import type { HandlerMap } from './handler-map';
import type { LogoImports } from './logo-imports';
import { createPresetHandlers } from './preset-handlers';
import type { Session } from './session';
import { createShareHandlers } from './share-handlers';
import type { ShareService } from '../share/share-service';
import type { SyncService } from '../sync/service/sync-service';
import { createSyncHandlers } from './sync-handlers';
import type { WatermarkPreviews } from './watermark-preview';

export type Handlers = HandlerMap<ApiMethod>;

/** The implementation of every contract method over the engine; transports call these after validation. */
export interface ExportServices {
  exportJobs: ExportJobs;
  previews: WatermarkPreviews;
  logos: LogoImports;
}

export function createHandlers(session: Session, jobs: IngestJobs, events: ApiEvents, exporting: ExportServices, shares: ShareService, sync: SyncService): Handlers {
  const db = () => session.requireVault().db;
  const edited = () => events.emit('library.changed', { reason: 'edit' });
  const ok = { ok: true as const };
  return {
    'vault.state': () => session.state(),
    'vault.create': async ({ dir, passphrase }) => {
      const recoveryKey = await session.create(passphrase, dir);
      return { recoveryKey, state: await session.state() };
    },
    'vault.select': ({ dir }) => session.select(dir),
    'vault.unlock': async (args) => {
      await session.unlock(
        args.method === 'keychain'
          ? { kind: 'keychain' }
          : args.method === 'passphrase'
            ? { kind: 'passphrase', passphrase: args.secret }
            : { kind: 'recovery', recoveryKey: args.secret },
      );
      return session.state();
    },
    'vault.lock': async () => {
      await session.lock();
      return session.state();
    },
    'settings.setIdleLock': async ({ minutes }) => {
      session.setIdleLock(minutes);
      return session.state();
    },
    'assets.list': async ({ offset = 0, limit = 200, ...query }) => {
      const page = queryAssetItems(db(), { ...query, offset, limit });
      return { total: page.total, offset, items: page.items.map(toApiSummary) };
    },
    'assets.ids': async ({ offset = 0, limit = 100_000, ...query }) => ({ ...queryAssetIds(db(), { ...query, offset, limit }), offset }),
    'assets.get': async ({ id }) => toApiDetail(getAsset(db(), id)),
    'assets.update': async ({ id, ...fields }) => {
      updateAssetFields(db(), id, fields);
      edited();
      return toApiDetail(getAsset(db(), id));
    },
    'assets.setApproval': async ({ id, version, state }) => {
      setApproval(db(), id, version, state);
      edited();
      return toApiDetail(getAsset(db(), id));
    },
    'tags.change': async ({ assetIds, add, remove }) => {
      changeTags(db(), assetIds, add, remove);
      edited();
      return ok;
    },
    'tags.list': async () => listTags(db()),
    'collections.list': async () => listCollections(db()),
    'collections.create': async ({ name }) => {
      const c = createCollection(db(), name);
      edited();
      return c;
    },
    'collections.rename': async ({ id, name }) => {
      renameCollection(db(), id, name);
      edited();
      return ok;
    },
    'collections.delete': async ({ id }) => {
      deleteCollection(db(), id);
      edited();
      return ok;
    },
    'collections.addAssets': async ({ id, assetIds }) => {
      addToCollection(db(), id, assetIds);
      edited();
      return ok;
    },
    'collections.removeAssets': async ({ id, assetIds }) => {
      removeFromCollection(db(), id, assetIds);
      edited();
      return ok;
    },
    'ingest.startPaths': async ({ paths, assetId }) => ({
      jobId: jobs.start(
        paths.map((p) => ({ kind: 'file' as const, path: p })),
        { assetId },
      ).jobId,
    }),
    'ingest.cancel': async ({ jobId }) => {
      jobs.cancel(jobId);
      return ok;
    },
    ...createPresetHandlers(session, exporting.logos),
    ...createExportHandlers(exporting.exportJobs, exporting.previews),
    ...createShareHandlers(session, shares, events),
    ...createSyncHandlers(session, sync),
  };
}
