import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';
import { metadataColumns } from '../../catalog/assets';
import { reindexAsset } from '../../catalog/search-index';
import type { ApprovalState } from '../../catalog/types';
import { isAssetLive } from './liveness';
import { liveAdds, liveElements, readRegisters, registerHistory, tombstoneOf } from './state';
import { assetTarget, versionTarget } from './targets';
import { planVersions, type PlannedVersion } from './version-plan';
import { setReview } from './review';

interface Approval {
  state: ApprovalState;
  at: number;
}

/**
 * Brings one asset's rows (asset, versions, renditions, metadata, approval history, tag links, search
 * row) to what the merge state says. The version triggers keep the current version; the search row is
 * rewritten in the same transaction, as every catalog write path does. Returns the tag keys the asset
 * used before or uses now (their tag rows may need a new name or to go).
 */
export function materializeAsset(db: Database, assetId: string): Set<string> {
  const t = assetTarget(assetId);
  const tagKeys = new Set(
    preparedStatement(db, 'SELECT t.name_key FROM asset_tags at JOIN tags t ON t.id = at.tag_id WHERE at.asset_id = ?').pluck().all(assetId) as string[],
  );
  const plan = planVersions(db, assetId);
  setReview(db, t, 'duplicate-version', plan.duplicates.map((d) => `${d.versionId} duplicates ${d.keptVersionId}`));
  setReview(db, t, 'sibling-version', plan.versions.filter((v) => v.sibling).map((v) => v.body.id));
  reviewDelete(db, assetId);
  const live = isAssetLive(db, assetId) && plan.versions.length > 0;
  if (!live) {
    const row = preparedStatement(db, 'SELECT search_rowid FROM assets WHERE id = ?').get(assetId) as { search_rowid: number } | undefined;
    if (row) {
      preparedStatement(db, 'DELETE FROM asset_search WHERE rowid = ?').run(row.search_rowid);
      preparedStatement(db, 'DELETE FROM assets WHERE id = ?').run(assetId);
    }
    return tagKeys;
  }
  const regs = readRegisters(db, t);
  const created = regs.get('_created') as { at: number };
  const values = [regs.get('title'), regs.get('sku') ?? null, regs.get('productName') ?? null, regs.get('description') ?? null, created.at, regs.get('_touched')];
  const exists = preparedStatement(db, 'SELECT 1 FROM assets WHERE id = ?').get(assetId) !== undefined;
  if (exists) {
    preparedStatement(db, 
      `UPDATE assets SET title = ?, sku = ?, product_name = ?, description = ?, created_at = ?, updated_at = ?
       WHERE id = ? AND (title, sku, product_name, description, created_at, updated_at) IS NOT (?, ?, ?, ?, ?, ?)`,
    ).run(...values, assetId, ...values);
  } else {
    preparedStatement(db, 'INSERT INTO assets (id, title, sku, product_name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(assetId, ...values);
  }
  materializeVersions(db, assetId, plan.versions);
  for (const key of materializeTagLinks(db, assetId)) tagKeys.add(key);
  reindexAsset(db, assetId);
  return tagKeys;
}

/** Edits whose clock is after the delete could not have been seen by the deleting device: listed, not applied. */
function reviewDelete(db: Database, assetId: string): void {
  const t = assetTarget(assetId);
  const tomb = tombstoneOf(db, t);
  const late =
    tomb === undefined
      ? []
      : (preparedStatement(db, "SELECT op_id FROM sync_ops WHERE target = ? AND op_id > ? AND kind <> 'asset.delete' ORDER BY op_id").pluck().all(t, tomb) as string[]);
  setReview(db, t, 'edited-after-delete', late);
  setReview(db, t, 'delete-blocked-by-share', tomb !== undefined && isAssetLive(db, assetId) ? [tomb] : []);
}

function materializeVersions(db: Database, assetId: string, planned: PlannedVersion[]): void {
  const existing = new Map(
    (preparedStatement(db, 'SELECT id, number FROM versions WHERE asset_id = ?').all(assetId) as { id: string; number: number }[]).map((r) => [r.id, r.number]),
  );
  const wanted = new Set(planned.map((p) => p.body.id));
  const del = preparedStatement(db, 'DELETE FROM versions WHERE id = ?');
  for (const id of existing.keys()) if (!wanted.has(id)) del.run(id);
  // Numbers are unique per asset: move renumbered versions out of the way before giving final numbers.
  const moved = planned.filter((p) => existing.has(p.body.id) && existing.get(p.body.id) !== p.number);
  const renumber = preparedStatement(db, 'UPDATE versions SET number = ? WHERE id = ?');
  moved.forEach((p, i) => renumber.run(-1 - i, p.body.id));
  for (const p of moved) renumber.run(p.number, p.body.id);
  for (const p of planned) {
    if (!existing.has(p.body.id)) insertVersion(db, assetId, p);
    const history = registerHistory<Approval>(db, versionTarget(p.body.id), 'approval');
    const state = history[history.length - 1]?.value.state ?? 'draft';
    preparedStatement(db, 'UPDATE versions SET approval = ? WHERE id = ? AND approval <> ?').run(state, p.body.id, state);
    syncApprovalEvents(db, p.body.id, history.map((h) => h.value));
  }
}

function insertVersion(db: Database, assetId: string, p: PlannedVersion): void {
  const v = p.body;
  preparedStatement(db, 
    `INSERT INTO versions (id, asset_id, number, original_blob, sha256, byte_size, format, width, height, original_filename, capture_time, import_time, approval)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft')`,
  ).run(v.id, assetId, p.number, v.originalBlob, v.sha256, v.byteSize, v.format, v.width, v.height, v.originalFilename, v.captureTime, v.importTime);
  const derived = preparedStatement(db, 'INSERT INTO derived_blobs (version_id, kind, blob_id, format, width, height, byte_size) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const d of v.derived) derived.run(v.id, d.kind, d.blobId, d.format, d.width, d.height, d.byteSize);
  preparedStatement(db, `INSERT INTO metadata (version_id, ${metadataColumns.join(', ')}, raw_json) VALUES (?, ${metadataColumns.map(() => '?').join(', ')}, ?)`).run(
    v.id,
    ...metadataColumns.map((c) => v.metadata[c] ?? null),
    v.rawJson,
  );
}

/** One approval event per approval op, winners and losers alike, in clock order. */
function syncApprovalEvents(db: Database, versionId: string, wanted: Approval[]): void {
  const have = preparedStatement(db, 'SELECT state, at FROM approval_events WHERE version_id = ? ORDER BY id').all(versionId) as Approval[];
  if (have.length === wanted.length && have.every((h, i) => h.state === wanted[i]!.state && h.at === wanted[i]!.at)) return;
  preparedStatement(db, 'DELETE FROM approval_events WHERE version_id = ?').run(versionId);
  const insert = preparedStatement(db, 'INSERT INTO approval_events (version_id, state, at) VALUES (?, ?, ?)');
  for (const w of wanted) insert.run(versionId, w.state, w.at);
}

/** Links the asset to the tags of its surviving adds; tag rows themselves are named in reconcileTags. */
function materializeTagLinks(db: Database, assetId: string): string[] {
  const keys = liveElements(db, 'tag', assetId);
  const have = new Set(preparedStatement(db, 'SELECT t.name_key FROM asset_tags at JOIN tags t ON t.id = at.tag_id WHERE at.asset_id = ?').pluck().all(assetId) as string[]);
  const unlink = preparedStatement(db, 'DELETE FROM asset_tags WHERE asset_id = ? AND tag_id = (SELECT id FROM tags WHERE name_key = ?)');
  for (const key of have) if (!keys.includes(key)) unlink.run(assetId, key);
  const insertTag = preparedStatement(db, 'INSERT INTO tags (name, name_key) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const link = preparedStatement(db, 'INSERT OR IGNORE INTO asset_tags (asset_id, tag_id) SELECT ?, id FROM tags WHERE name_key = ?');
  for (const key of keys) {
    if (have.has(key)) continue;
    insertTag.run(liveAdds<string>(db, 'tag', assetId, key)[0]!.value, key);
    link.run(assetId, key);
  }
  return keys;
}
