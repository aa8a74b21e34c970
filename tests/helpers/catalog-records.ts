import { randomBytes } from 'node:crypto';
import type { Database as DB } from 'better-sqlite3-multiple-ciphers';
import { commitImport, type ImportCommit } from '../../electron/core/catalog/imports';
import type { ImageFormat, NormalizedMetadata } from '../../electron/core/catalog/types';

const hex64 = () => randomBytes(32).toString('hex');

export interface CatalogRecord {
  title: string;
  sku?: string;
  assetId?: string;
  format?: ImageFormat;
  filename?: string;
  metadata?: NormalizedMetadata;
  at: number;
}

/** Commits an import record as ingest would, with made-up blob ids (catalog tests write no blobs). */
export function addRecord(db: DB, rec: CatalogRecord): ImportCommit {
  return commitImport(
    db,
    {
      assetId: rec.assetId,
      sku: rec.sku,
      title: rec.title,
      originalBlob: hex64(),
      sha256: hex64(),
      byteSize: 1000,
      format: rec.format ?? 'jpeg',
      width: 800,
      height: 600,
      originalFilename: rec.filename ?? `${rec.title}.jpg`,
      captureTime: null,
      derived: [{ kind: 'thumb', blobId: hex64(), format: 'jpeg', width: 400, height: 300, byteSize: 100 }],
      metadata: rec.metadata ?? {},
      rawMetadata: {},
    },
    rec.at,
  );
}

/**
 * Adds `count` assets to the search index one transaction each, with FTS5's automatic merging off, so
 * each writes a segment of its own and they stay as written (the merge tests need a known count).
 */
export function addInSegments(db: DB, count: number, record: (i: number) => CatalogRecord): void {
  db.prepare("INSERT INTO asset_search(asset_search, rank) VALUES('automerge', 0)").run();
  for (let i = 0; i < count; i += 1) addRecord(db, record(i));
}
