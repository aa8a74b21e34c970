import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StrongroomError } from '../errors';
import { newId } from '../ids';
import { metadataColumns, metadataToRow } from './assets';
import { captureOp } from '../sync/ops/capture';
import { versionBody } from '../sync/ops/version-body';
import { reindexAsset } from './search-index';
import type { DerivedRecord, ImageFormat, NormalizedMetadata } from './types';

export interface ImportRecord {
  /** Add as a new version of this asset. */
  assetId?: string;
  /** Add as a new version of the asset with this SKU, or create the asset with it. */
  sku?: string;
  title: string;
  originalBlob: string;
  sha256: string;
  byteSize: number;
  format: ImageFormat;
  width: number;
  height: number;
  originalFilename: string;
  captureTime: number | null;
  derived: DerivedRecord[];
  metadata: NormalizedMetadata;
  rawMetadata: unknown;
}

export interface ImportCommit {
  assetId: string;
  versionId: string;
  versionNumber: number;
  newAsset: boolean;
}

export interface ExistingVersion {
  assetId: string;
  versionId: string;
  versionNumber: number;
  title: string;
}

export function findVersionBySha256(db: Database, sha256: string): ExistingVersion | null {
  const row = db
    .prepare('SELECT v.asset_id, v.id, v.number, a.title FROM versions v JOIN assets a ON a.id = v.asset_id WHERE v.sha256 = ?')
    .get(sha256) as { asset_id: string; id: string; number: number; title: string } | undefined;
  return row ? { assetId: row.asset_id, versionId: row.id, versionNumber: row.number, title: row.title } : null;
}

/**
 * Records one imported image in a single transaction: the asset (new or existing), the version, its
 * renditions, metadata and search row. The blobs it names were written and synced before this runs.
 */
export function commitImport(db: Database, rec: ImportRecord, now = Date.now()): ImportCommit {
  return db
    .transaction((): ImportCommit => {
      let assetId: string | undefined = rec.assetId;
      if (assetId !== undefined && !db.prepare('SELECT 1 FROM assets WHERE id = ?').get(assetId)) {
        throw new StrongroomError('NOT_FOUND', `no asset with id "${assetId}" to add a version to`);
      }
      if (assetId === undefined && rec.sku) {
        const bySku = db.prepare('SELECT id FROM assets WHERE sku = ? ORDER BY created_at LIMIT 1').get(rec.sku) as { id: string } | undefined;
        assetId = bySku?.id;
      }
      const newAsset = assetId === undefined;
      if (assetId === undefined) {
        assetId = newId();
        db.prepare('INSERT INTO assets (id, title, sku, product_name, description, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, ?)').run(
          assetId,
          rec.title,
          rec.sku ?? null,
          rec.metadata.caption ?? null,
          now,
          now,
        );
      } else {
        db.prepare('UPDATE assets SET updated_at = ? WHERE id = ?').run(now, assetId);
      }
      const { next } = db.prepare('SELECT coalesce(max(number), 0) + 1 AS next FROM versions WHERE asset_id = ?').get(assetId) as {
        next: number;
      };
      const versionId = newId();
      db.prepare(
        `INSERT INTO versions (id, asset_id, number, original_blob, sha256, byte_size, format, width, height,
           original_filename, capture_time, import_time, approval)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft')`,
      ).run(
        versionId,
        assetId,
        next,
        rec.originalBlob,
        rec.sha256,
        rec.byteSize,
        rec.format,
        rec.width,
        rec.height,
        rec.originalFilename,
        rec.captureTime,
        now,
      );
      db.prepare("INSERT INTO approval_events (version_id, state, at) VALUES (?, 'draft', ?)").run(versionId, now);
      const insertDerived = db.prepare(
        'INSERT INTO derived_blobs (version_id, kind, blob_id, format, width, height, byte_size) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const d of rec.derived) insertDerived.run(versionId, d.kind, d.blobId, d.format, d.width, d.height, d.byteSize);
      const row = metadataToRow(rec.metadata);
      db.prepare(
        `INSERT INTO metadata (version_id, ${metadataColumns.join(', ')}, raw_json)
         VALUES (?, ${metadataColumns.map(() => '?').join(', ')}, ?)`,
      ).run(versionId, ...metadataColumns.map((c) => row[c] ?? null), JSON.stringify(rec.rawMetadata ?? {}));
      reindexAsset(db, assetId);
      if (newAsset) {
        captureOp(db, {
          kind: 'asset.create',
          at: now,
          assetId,
          fields: { title: rec.title, sku: rec.sku ?? null, productName: null, description: rec.metadata.caption ?? null },
        });
      }
      captureOp(db, { kind: 'version.add', at: now, assetId, version: versionBody(db, versionId) });
      return { assetId, versionId, versionNumber: next, newAsset };
    })
    .immediate();
}

/** Originals, renditions and watermark logos: every kind of row that names a blob. */
export function isBlobReferenced(db: Database, blobId: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM versions WHERE original_blob = ? UNION ALL SELECT 1 FROM derived_blobs WHERE blob_id = ?
         UNION ALL SELECT 1 FROM watermark_presets WHERE logo_blob = ? LIMIT 1`,
      )
      .get(blobId, blobId, blobId) !== undefined
  );
}

/** Every blob id the catalog refers to, for verify and gc. */
export function referencedBlobIds(db: Database): Set<string> {
  const rows = db
    .prepare(
      `SELECT original_blob AS id FROM versions UNION SELECT blob_id AS id FROM derived_blobs
       UNION SELECT logo_blob AS id FROM watermark_presets WHERE logo_blob IS NOT NULL`,
    )
    .all() as { id: string }[];
  return new Set(rows.map((r) => r.id));
}
