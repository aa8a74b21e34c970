import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';
import { foldName } from '../../catalog/names';
import { hlcDevice } from './hlc';
import type { Op } from './op-schemas';
import { addRef, addToSet, removeFromSet, writeRegister, writeTombstone } from './state';
import { assetTarget, collectionTarget, deviceTarget, presetTarget, settingsTarget, shareTarget, targetOf, versionTarget, type Touched } from './targets';

/** Records an op in the log; false when it was there already (re-delivery is a no-op). */
export function recordOp(db: Database, op: Op): boolean {
  const result = preparedStatement(db, 'INSERT OR IGNORE INTO sync_ops (op_id, device, kind, target, body) VALUES (?, ?, ?, ?, ?)').run(op.id, hlcDevice(op.id), op.kind, targetOf(op), JSON.stringify(op));
  return result.changes === 1;
}

/** Assets whose versions share a content hash with these: which of them keeps the file may change. */
function touchSameContent(db: Database, shas: string[], touched: Touched): void {
  const stmt = preparedStatement(db, 'SELECT DISTINCT asset_id FROM sync_versions WHERE sha256 = ?').pluck();
  for (const sha of shas) for (const id of stmt.all(sha) as string[]) touched.assets.add(id);
}

/** Folds one (new) op into the merge state and notes what must be materialised again. */
export function ingestOp(db: Database, op: Op, touched: Touched): void {
  const at = op.at;
  switch (op.kind) {
    case 'asset.create':
      writeRegister(db, assetTarget(op.assetId), '_created', op.id, { at });
      for (const [field, value] of Object.entries(op.fields)) writeRegister(db, assetTarget(op.assetId), field, op.id, value);
      writeRegister(db, assetTarget(op.assetId), '_touched', op.id, at);
      touched.assets.add(op.assetId);
      return;
    case 'asset.set':
      for (const [field, value] of Object.entries(op.fields)) writeRegister(db, assetTarget(op.assetId), field, op.id, value);
      writeRegister(db, assetTarget(op.assetId), '_touched', op.id, at);
      touched.assets.add(op.assetId);
      return;
    case 'asset.delete': {
      writeTombstone(db, assetTarget(op.assetId), op.id);
      touched.assets.add(op.assetId);
      const shas = preparedStatement(db, 'SELECT sha256 FROM sync_versions WHERE asset_id = ?').pluck().all(op.assetId) as string[];
      touchSameContent(db, shas, touched);
      return;
    }
    case 'version.add': {
      const v = op.version;
      preparedStatement(db, 'INSERT OR IGNORE INTO sync_versions (version_id, asset_id, proposed_number, sha256, hlc) VALUES (?, ?, ?, ?, ?)').run(v.id, op.assetId, v.number, v.sha256, op.id);
      writeRegister(db, versionTarget(v.id), 'approval', op.id, { state: 'draft', at });
      writeRegister(db, assetTarget(op.assetId), '_touched', op.id, at);
      touched.assets.add(op.assetId);
      touchSameContent(db, [v.sha256], touched);
      return;
    }
    case 'version.approval':
      writeRegister(db, versionTarget(op.versionId), 'approval', op.id, { state: op.state, at });
      writeRegister(db, assetTarget(op.assetId), '_touched', op.id, at);
      touched.assets.add(op.assetId);
      return;
    case 'tag.add': {
      const key = foldName(op.name);
      addToSet(db, 'tag', op.assetId, key, op.id, op.name);
      writeRegister(db, assetTarget(op.assetId), '_touched', op.id, at);
      touched.assets.add(op.assetId);
      touched.tagKeys.add(key);
      return;
    }
    case 'tag.remove':
      removeFromSet(db, op.observed);
      writeRegister(db, assetTarget(op.assetId), '_touched', op.id, at);
      touched.assets.add(op.assetId);
      touched.tagKeys.add(op.key);
      return;
    case 'collection.create':
      writeRegister(db, collectionTarget(op.collectionId), '_created', op.id, { at });
      writeRegister(db, collectionTarget(op.collectionId), 'name', op.id, op.name);
      touched.collections.add(op.collectionId);
      return;
    case 'collection.rename':
      writeRegister(db, collectionTarget(op.collectionId), 'name', op.id, op.name);
      touched.collections.add(op.collectionId);
      return;
    case 'collection.delete':
      writeTombstone(db, collectionTarget(op.collectionId), op.id);
      touched.collections.add(op.collectionId);
      return;
    case 'collection.add':
      addToSet(db, 'member', op.collectionId, op.assetId, op.id, at);
      touched.collections.add(op.collectionId);
      return;
    case 'collection.remove':
      removeFromSet(db, op.observed);
      touched.collections.add(op.collectionId);
      return;
    case 'preset.create':
      writeRegister(db, presetTarget(op.table, op.presetId), '_created', op.id, { at, builtIn: op.builtIn });
      for (const [field, value] of Object.entries(op.fields)) writeRegister(db, presetTarget(op.table, op.presetId), field, op.id, value);
      writeRegister(db, presetTarget(op.table, op.presetId), '_updated', op.id, at);
      touched.presetTables.add(op.table);
      return;
    case 'preset.set':
      for (const [field, value] of Object.entries(op.fields)) writeRegister(db, presetTarget(op.table, op.presetId), field, op.id, value);
      writeRegister(db, presetTarget(op.table, op.presetId), '_updated', op.id, at);
      touched.presetTables.add(op.table);
      return;
    case 'preset.delete':
      writeTombstone(db, presetTarget(op.table, op.presetId), op.id);
      touched.presetTables.add(op.table);
      return;
    case 'settings.set':
      for (const [field, value] of Object.entries(op.fields)) writeRegister(db, settingsTarget(op.key), field, op.id, value);
      touched.settings.add(op.key);
      return;
    case 'share.create':
      writeRegister(db, shareTarget(op.shareId), '_created', op.id, { record: op.record, assets: op.assets });
      for (const [field, value] of Object.entries(op.fields)) writeRegister(db, shareTarget(op.shareId), field, op.id, value);
      for (const a of op.assets) addRef(db, shareTarget(op.shareId), assetTarget(a.assetId));
      touched.shares.add(op.shareId);
      return;
    case 'share.set':
      for (const [field, value] of Object.entries(op.fields)) writeRegister(db, shareTarget(op.shareId), field, op.id, value);
      touched.shares.add(op.shareId);
      return;
    case 'share.delete':
      writeTombstone(db, shareTarget(op.shareId), op.id);
      touched.shares.add(op.shareId);
      return;
    case 'share.access':
    case 'share.accesses':
      touched.shares.add(op.shareId);
      return;
    case 'device.set':
      writeRegister(db, deviceTarget(op.deviceId), 'name', op.id, op.name);
      touched.devices.add(op.deviceId);
      return;
    case 'device.retire':
      touched.devices.add(op.deviceId);
      return;
  }
}
