import type { SyncDevice, SyncReviewItem } from '../../../shared/api/sync-contract';
import { StrongroomError } from '../errors';
import { localDeviceId } from '../sync/ops/device';
import { listDevices, retireDevice, setDeviceName } from '../sync/ops/devices';
import { listReview } from '../sync/ops/review';
import type { SyncService } from '../sync/service/sync-service';
import { bucketTargetId, parseSyncTarget, setKeepOriginals, usableSyncTarget } from '../sync/target-settings';
import type { Vault } from '../vault/vault';
import type { HandlerMap } from './handler-map';
import type { Session } from './session';

type SyncMethods =
  | 'sync.status'
  | 'sync.connectFolder'
  | 'sync.connectS3'
  | 'sync.disconnect'
  | 'sync.now'
  | 'sync.devices'
  | 'sync.renameDevice'
  | 'sync.retireDevice'
  | 'sync.setKeepOriginals'
  | 'sync.review';

function devices(vault: Vault): SyncDevice[] {
  return listDevices(vault.db).map((d) => ({ id: d.id, name: d.name, self: d.self, lastSeen: d.lastSeen, retired: d.retiredAfterSeq !== null }));
}

function reviewItems(vault: Vault): SyncReviewItem[] {
  const title = vault.db.prepare('SELECT title FROM assets WHERE id = ?').pluck();
  return listReview(vault.db).map((r) => {
    // Every review kind is recorded against an asset ("asset:<id>"); the asset may be gone since.
    const assetId = r.target.startsWith('asset:') ? r.target.slice('asset:'.length) : null;
    const name = assetId === null ? undefined : (title.get(assetId) as string | undefined);
    return { kind: r.kind, assetId: name === undefined ? null : assetId, title: name ?? null, detail: r.detail };
  });
}

/** Sync from the app: the status, the target, "Sync now", the device list and what a merge left to review. */
export function createSyncHandlers(session: Session, service: SyncService): HandlerMap<SyncMethods> {
  const vault = () => session.requireVault();
  return {
    'sync.status': async () => {
      vault();
      return service.status();
    },
    'sync.connectFolder': async ({ path }) => {
      vault();
      return service.connect(parseSyncTarget({ kind: 'folder', path }), null);
    },
    'sync.connectS3': async ({ accessKeyId, secretAccessKey, ...where }) => {
      const target = parseSyncTarget({ kind: 's3', ...where, targetId: bucketTargetId(usableSyncTarget(vault().db), where) });
      return service.connect(target, { accessKeyId, secretAccessKey });
    },
    'sync.disconnect': async () => {
      vault();
      return service.disconnect();
    },
    'sync.now': async () => {
      vault();
      return service.syncNow();
    },
    'sync.devices': async () => devices(vault()),
    'sync.renameDevice': async ({ name }) => {
      const v = vault();
      setDeviceName(v.db, localDeviceId(v.db), name);
      service.changed();
      return devices(v);
    },
    'sync.retireDevice': async ({ id }) => {
      const v = vault();
      if (id === localDeviceId(v.db)) throw new StrongroomError('INVALID_ARGUMENT', 'this device cannot retire itself; retire it from another device');
      if (!listDevices(v.db).some((d) => d.id === id)) throw new StrongroomError('NOT_FOUND', `no device ${id} in this vault`);
      retireDevice(v.db, id);
      service.changed();
      return devices(v);
    },
    'sync.setKeepOriginals': async ({ keep }) => {
      const v = vault();
      setKeepOriginals(v.db, keep);
      service.changed();
      // Keeping originals again: the next pass fetches the missing ones.
      return keep && usableSyncTarget(v.db) ? service.syncNow() : service.status();
    },
    'sync.review': async () => reviewItems(vault()),
  };
}
