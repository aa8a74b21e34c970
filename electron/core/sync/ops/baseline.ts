import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';
import { recordOwnOp } from './capture';
import type { OpInput, OpOf } from './op-schemas';
import { versionBody } from './version-body';

/** Where a baseline is: assets described so far, of all of them. */
export interface BaselineProgress {
  assets: number;
  totalAssets: number;
}

const PROGRESS_EVERY = 1000;

/**
 * Describes the catalog as it stands by ops of this device (run once, when the op log starts:
 * start-op-log.ts), so that the catalog is exactly what its op log says from then on and another
 * device can rebuild it from the ops. Times are the rows' own (created, updated, added, each approval
 * event's), so rebuilt rows match. The rows are consistent already, so nothing is reconciled.
 * Returns the number of ops written.
 */
export function captureExistingCatalog(db: Database, onProgress?: (p: BaselineProgress) => void): number {
  let ops = 0;
  const capture = (input: OpInput) => {
    ops += 1;
    return recordOwnOp(db, input).op;
  };
  capturePresets(db, capture);
  captureSettings(db, capture);
  captureCollections(db, capture);
  // In id order, so the merge state's keys (asset:<id>) grow in order: appended pages, not a random
  // write all over indexes larger than the page cache (10x slower at 100,000 assets).
  const assets = db.prepare('SELECT id, title, sku, product_name, description, created_at, updated_at FROM assets ORDER BY id').all() as AssetRow[];
  onProgress?.({ assets: 0, totalAssets: assets.length });
  assets.forEach((a, i) => {
    captureAsset(db, a, capture);
    if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === assets.length) onProgress?.({ assets: i + 1, totalAssets: assets.length });
  });
  for (const c of db.prepare('SELECT collection_id, asset_id, added_at FROM collection_assets ORDER BY added_at, collection_id, asset_id').all() as {
    collection_id: string;
    asset_id: string;
    added_at: number;
  }[]) {
    capture({ kind: 'collection.add', at: c.added_at, collectionId: c.collection_id, assetId: c.asset_id });
  }
  captureShares(db, capture);
  return ops;
}

type Capture = (input: OpInput) => ReturnType<typeof recordOwnOp>['op'];

interface AssetRow {
  id: string;
  title: string;
  sku: string | null;
  product_name: string | null;
  description: string | null;
  created_at: number;
  updated_at: number;
}

function capturePresets(db: Database, captureOp: Capture): void {
  for (const table of ['rendition_presets', 'watermark_presets'] as const) {
    const logo = table === 'watermark_presets' ? 'logo_blob' : 'NULL';
    const builtIn = table === 'rendition_presets' ? 'built_in' : '0';
    const rows = db.prepare(`SELECT id, name, spec, ${logo} AS logo, ${builtIn} AS built_in, created_at, updated_at FROM ${table} ORDER BY created_at, id`).all() as {
      id: string;
      name: string;
      spec: string;
      logo: string | null;
      built_in: number;
      created_at: number;
      updated_at: number;
    }[];
    for (const p of rows) {
      captureOp({ kind: 'preset.create', at: p.created_at, table, presetId: p.id, builtIn: p.built_in === 1, fields: { name: p.name, spec: p.spec, logoBlob: p.logo } });
      if (p.updated_at !== p.created_at) captureOp({ kind: 'preset.set', at: p.updated_at, table, presetId: p.id, fields: {} });
    }
  }
}

function captureSettings(db: Database, captureOp: Capture): void {
  const read = (key: string) => db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  const rights = read('rights_profile');
  if (rights !== undefined) captureOp({ kind: 'settings.set', at: 0, key: 'rights_profile', fields: JSON.parse(rights) as Record<string, string | null> });
  const shop = read('shop_name');
  if (shop !== undefined) captureOp({ kind: 'settings.set', at: 0, key: 'shop_name', fields: { value: shop } });
}

function captureCollections(db: Database, captureOp: Capture): void {
  for (const c of db.prepare('SELECT id, name, created_at FROM collections ORDER BY created_at, id').all() as { id: string; name: string; created_at: number }[]) {
    captureOp({ kind: 'collection.create', at: c.created_at, collectionId: c.id, name: c.name });
  }
}

function captureAsset(db: Database, a: AssetRow, captureOp: Capture): void {
  captureOp({
    kind: 'asset.create',
    at: a.created_at,
    assetId: a.id,
    fields: { title: a.title, sku: a.sku, productName: a.product_name, description: a.description },
  });
  for (const v of preparedStatement(db, 'SELECT id, import_time FROM versions WHERE asset_id = ? ORDER BY number').all(a.id) as { id: string; import_time: number }[]) {
    captureOp({ kind: 'version.add', at: v.import_time, assetId: a.id, version: versionBody(db, v.id) });
    const events = preparedStatement(db, 'SELECT state, at FROM approval_events WHERE version_id = ? ORDER BY id').all(v.id) as { state: OpOf<'version.approval'>['state']; at: number }[];
    // version.add stands for the first 'draft' event (ingest writes one with every version).
    const rest = events[0]?.state === 'draft' ? events.slice(1) : events;
    for (const e of rest) captureOp({ kind: 'version.approval', at: e.at, assetId: a.id, versionId: v.id, state: e.state });
  }
  for (const name of (preparedStatement(db, 'SELECT t.name FROM asset_tags at JOIN tags t ON t.id = at.tag_id WHERE at.asset_id = ? ORDER BY t.name_key').all(a.id) as { name: string }[]).map((r) => r.name)) {
    captureOp({ kind: 'tag.add', at: a.updated_at, assetId: a.id, name });
  }
  // Ends on the asset's own updated_at, which is what the last op touching an asset sets.
  captureOp({ kind: 'asset.set', at: a.updated_at, assetId: a.id, fields: {} });
}

function captureShares(db: Database, captureOp: Capture): void {
  const shares = db.prepare('SELECT * FROM shares ORDER BY created_at, id').all() as Record<string, string | number | null>[];
  for (const s of shares) {
    const id = s.id as string;
    const assets = (
      db.prepare('SELECT * FROM share_assets WHERE share_id = ? ORDER BY position').all(id) as Record<string, string | number>[]
    ).map((r) => ({
      position: r.position as number,
      assetId: r.asset_id as string,
      versionId: r.version_id as string,
      renditionBlob: r.rendition_blob as string,
      byteSize: r.byte_size as number,
      format: r.format as string,
      width: r.width as number,
      height: r.height as number,
      downloadName: r.download_name as string,
    }));
    captureOp({
      kind: 'share.create',
      at: s.created_at as number,
      shareId: id,
      record: shareRecordOf(s),
      fields: {
        expiry: { expiresAt: s.expires_at as number | null, never: s.never_expires === 1 },
        maxViews: s.max_views as number | null,
        maxDownloads: s.max_downloads as number | null,
        revokedAt: s.revoked_at as number | null,
      },
      assets,
    });
    const log = db.prepare('SELECT * FROM share_access_log WHERE share_id = ? ORDER BY at, id').all(id) as Record<string, string | number | null>[];
    for (const e of log) {
      const op = captureOp({
        kind: 'share.access',
        at: e.at as number,
        shareId: id,
        event: e.event as OpOf<'share.access'>['event'],
        reason: e.reason as string | null,
        ip: e.ip as string | null,
        userAgent: e.user_agent as string | null,
        referrer: e.referrer as string | null,
      });
      db.prepare('UPDATE share_access_log SET op_id = ? WHERE id = ?').run(op.id, e.id);
    }
  }
}

export function shareRecordOf(s: Record<string, string | number | null>): OpOf<'share.create'>['record'] {
  return {
    tokenHash: s.token_hash as string,
    createdAt: s.created_at as number,
    viewOnly: s.view_only === 1,
    passwordHash: s.password_hash as string | null,
    passwordKdf: s.password_kdf as string | null,
    recipientName: s.recipient_name as string | null,
    recipientCompany: s.recipient_company as string | null,
    recipientEmail: s.recipient_email as string | null,
    renditionPresetId: s.rendition_preset_id as string,
    watermarkPresetId: s.watermark_preset_id as string | null,
    terms: s.terms as string | null,
    note: s.note as string | null,
  };
}
