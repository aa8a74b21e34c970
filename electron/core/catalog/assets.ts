import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StrongroomError } from '../errors';
import { captureOp } from '../sync/ops/capture';
import { reindexAsset } from './search-index';
import type {
  ApprovalState,
  AssetDetail,
  DerivedRecord,
  ImageFormat,
  NormalizedMetadata,
  VersionRecord,
} from './types';

/** Resolves a full id or an unambiguous prefix (at least 4 characters), as typed in the CLI. */
export function resolveAssetId(db: Database, idOrPrefix: string): string {
  const exact = db.prepare('SELECT id FROM assets WHERE id = ?').get(idOrPrefix) as { id: string } | undefined;
  if (exact) return exact.id;
  if (idOrPrefix.length >= 4 && /^[0-9a-z]+$/.test(idOrPrefix)) {
    const rows = db.prepare("SELECT id FROM assets WHERE id LIKE ? || '%' LIMIT 2").all(idOrPrefix) as { id: string }[];
    if (rows.length === 1) return rows[0]!.id;
    if (rows.length > 1) throw new StrongroomError('INVALID_ARGUMENT', `"${idOrPrefix}" matches more than one asset; type more of the id`);
  }
  throw new StrongroomError('NOT_FOUND', `no asset with id "${idOrPrefix}"`);
}

interface VersionRow {
  id: string;
  asset_id: string;
  number: number;
  original_blob: string;
  sha256: string;
  byte_size: number;
  format: ImageFormat;
  width: number;
  height: number;
  original_filename: string;
  capture_time: number | null;
  import_time: number;
  approval: ApprovalState;
}

function toVersion(row: VersionRow, derived: DerivedRecord[]): VersionRecord {
  return {
    id: row.id,
    assetId: row.asset_id,
    number: row.number,
    originalBlob: row.original_blob,
    sha256: row.sha256,
    byteSize: row.byte_size,
    format: row.format,
    width: row.width,
    height: row.height,
    originalFilename: row.original_filename,
    captureTime: row.capture_time,
    importTime: row.import_time,
    approval: row.approval,
    derived,
  };
}

export function getVersions(db: Database, assetId: string): VersionRecord[] {
  const rows = db.prepare('SELECT * FROM versions WHERE asset_id = ? ORDER BY number').all(assetId) as VersionRow[];
  const derivedStmt = db.prepare(
    'SELECT kind, blob_id AS blobId, format, width, height, byte_size AS byteSize FROM derived_blobs WHERE version_id = ? ORDER BY kind',
  );
  return rows.map((r) => toVersion(r, derivedStmt.all(r.id) as DerivedRecord[]));
}

const METADATA_COLUMNS: Record<string, keyof NormalizedMetadata> = {
  camera_make: 'cameraMake',
  camera_model: 'cameraModel',
  lens: 'lens',
  serial_number: 'serialNumber',
  iso: 'iso',
  exposure_time: 'exposureTime',
  f_number: 'fNumber',
  focal_length: 'focalLength',
  gps_latitude: 'gpsLatitude',
  gps_longitude: 'gpsLongitude',
  gps_altitude: 'gpsAltitude',
  creator: 'creator',
  copyright: 'copyright',
  headline: 'headline',
  caption: 'caption',
  keywords: 'keywords',
  city: 'city',
  country: 'country',
  software: 'software',
  color_profile: 'colorProfile',
};

export const metadataColumns = Object.keys(METADATA_COLUMNS);

export function metadataToRow(meta: NormalizedMetadata): Record<string, string | number | null> {
  const row: Record<string, string | number | null> = {};
  for (const [column, field] of Object.entries(METADATA_COLUMNS)) {
    const value = meta[field];
    row[column] = value === undefined ? null : Array.isArray(value) ? value.join(', ') : (value as string | number);
  }
  return row;
}

export function getVersionMetadata(db: Database, versionId: string): NormalizedMetadata {
  const row = db.prepare('SELECT * FROM metadata WHERE version_id = ?').get(versionId) as Record<string, unknown> | undefined;
  const meta: NormalizedMetadata = {};
  if (!row) return meta;
  for (const [column, field] of Object.entries(METADATA_COLUMNS)) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    (meta as Record<string, unknown>)[field] = field === 'keywords' ? String(value).split(', ') : value;
  }
  return meta;
}

export function getRawMetadata(db: Database, versionId: string): unknown {
  const row = db.prepare('SELECT raw_json FROM metadata WHERE version_id = ?').get(versionId) as { raw_json: string } | undefined;
  return row ? JSON.parse(row.raw_json) : null;
}

export function getAsset(db: Database, assetId: string): AssetDetail {
  const summary = db.prepare('SELECT a.*, a.current_version_id AS current_id FROM assets a WHERE a.id = ?').get(assetId) as
    | {
        id: string;
        title: string;
        sku: string | null;
        product_name: string | null;
        description: string | null;
        created_at: number;
        updated_at: number;
        current_id: string;
      }
    | undefined;
  if (!summary) throw new StrongroomError('NOT_FOUND', `no asset with id "${assetId}"`);
  const versions = getVersions(db, assetId);
  const current = versions.find((v) => v.id === summary.current_id)!;
  const tags = (
    db.prepare('SELECT t.name FROM asset_tags at JOIN tags t ON t.id = at.tag_id WHERE at.asset_id = ? ORDER BY t.name COLLATE NOCASE').all(
      assetId,
    ) as { name: string }[]
  ).map((r) => r.name);
  const collections = db
    .prepare(
      'SELECT c.id, c.name FROM collection_assets ca JOIN collections c ON c.id = ca.collection_id WHERE ca.asset_id = ? ORDER BY c.name COLLATE NOCASE',
    )
    .all(assetId) as { id: string; name: string }[];
  return {
    id: summary.id,
    title: summary.title,
    sku: summary.sku,
    productName: summary.product_name,
    description: summary.description,
    createdAt: summary.created_at,
    updatedAt: summary.updated_at,
    versionCount: versions.length,
    currentVersionId: summary.current_id,
    thumbBlob: current.derived.find((d) => d.kind === 'thumb')?.blobId ?? null,
    tags,
    collections,
    versions,
    metadata: getVersionMetadata(db, summary.current_id),
  };
}

export interface AssetFieldsUpdate {
  title?: string;
  sku?: string | null;
  productName?: string | null;
  description?: string | null;
}

export function updateAssetFields(db: Database, assetId: string, fields: AssetFieldsUpdate, now = Date.now()): void {
  if (fields.title !== undefined && fields.title.trim() === '') {
    throw new StrongroomError('INVALID_ARGUMENT', 'an asset title cannot be empty');
  }
  db.transaction(() => {
    const existing = db.prepare('SELECT id FROM assets WHERE id = ?').get(assetId);
    if (!existing) throw new StrongroomError('NOT_FOUND', `no asset with id "${assetId}"`);
    const sets: string[] = [];
    const params: unknown[] = [];
    const captured: AssetFieldsUpdate = {};
    const columns: [keyof AssetFieldsUpdate, string][] = [
      ['title', 'title'],
      ['sku', 'sku'],
      ['productName', 'product_name'],
      ['description', 'description'],
    ];
    for (const [field, column] of columns) {
      if (fields[field] !== undefined) {
        sets.push(`${column} = ?`);
        const raw = fields[field];
        const value = typeof raw === 'string' ? raw.trim() || null : raw;
        params.push(value);
        Object.assign(captured, { [field]: value });
      }
    }
    if (sets.length === 0) return;
    db.prepare(`UPDATE assets SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`).run(...params, now, assetId);
    reindexAsset(db, assetId);
    captureOp(db, { kind: 'asset.set', at: now, assetId, fields: captured });
  })();
}

export function setApproval(db: Database, assetId: string, versionNumber: number, state: ApprovalState, now = Date.now()): void {
  db.transaction(() => {
    const v = db.prepare('SELECT id, approval FROM versions WHERE asset_id = ? AND number = ?').get(assetId, versionNumber) as
      | { id: string; approval: ApprovalState }
      | undefined;
    if (!v) throw new StrongroomError('NOT_FOUND', `asset ${assetId} has no version ${versionNumber}`);
    if (v.approval === state) return;
    db.prepare('UPDATE versions SET approval = ? WHERE id = ?').run(state, v.id);
    db.prepare('INSERT INTO approval_events (version_id, state, at) VALUES (?, ?, ?)').run(v.id, state, now);
    db.prepare('UPDATE assets SET updated_at = ? WHERE id = ?').run(now, assetId);
    captureOp(db, { kind: 'version.approval', at: now, assetId, versionId: v.id, state });
  })();
}
