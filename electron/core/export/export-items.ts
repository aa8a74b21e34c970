import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StrongroomError } from '../errors';

/** One asset to export, at its current version (the one the library shows). */
export interface ExportItem {
  assetId: string;
  title: string;
  sku: string | null;
  versionId: string;
  versionNumber: number;
  originalBlob: string;
  byteSize: number;
  originalFilename: string;
  captureTime: number | null;
}

interface Row {
  id: string;
  title: string;
  sku: string | null;
  version_id: string;
  number: number;
  original_blob: string;
  byte_size: number;
  original_filename: string;
  capture_time: number | null;
}

/**
 * Looks every asset up before anything is written, so a mistyped id fails the whole export at once
 * instead of surfacing as one failed file among many. An id given twice is exported once.
 */
export function loadExportItems(db: Database, assetIds: readonly string[]): ExportItem[] {
  const stmt = db.prepare(
    `SELECT a.id, a.title, a.sku, v.id AS version_id, v.number, v.original_blob, v.byte_size, v.original_filename, v.capture_time
     FROM assets a JOIN versions v ON v.id = a.current_version_id WHERE a.id = ?`,
  );
  const items: ExportItem[] = [];
  for (const id of new Set(assetIds)) {
    const row = stmt.get(id) as Row | undefined;
    if (!row) throw new StrongroomError('NOT_FOUND', `no asset with id "${id}"; nothing was exported`);
    items.push({
      assetId: row.id,
      title: row.title,
      sku: row.sku,
      versionId: row.version_id,
      versionNumber: row.number,
      originalBlob: row.original_blob,
      byteSize: row.byte_size,
      originalFilename: row.original_filename,
      captureTime: row.capture_time,
    });
  }
  return items;
}
