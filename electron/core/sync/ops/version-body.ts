import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';
import { metadataColumns } from '../../catalog/assets';
import type { VersionBody } from './op-schemas';

/** The version as version.add carries it: the row, its renditions and its metadata row. */
export function versionBody(db: Database, versionId: string): VersionBody {
  const v = preparedStatement(db, 'SELECT * FROM versions WHERE id = ?').get(versionId) as Record<string, string | number | null>;
  const derived = db
    .prepare('SELECT kind, blob_id AS blobId, format, width, height, byte_size AS byteSize FROM derived_blobs WHERE version_id = ? ORDER BY kind')
    .all(versionId) as VersionBody['derived'];
  const meta = (preparedStatement(db, 'SELECT * FROM metadata WHERE version_id = ?').get(versionId) ?? {}) as Record<string, string | number | null>;
  return {
    id: v.id as string,
    number: v.number as number,
    originalBlob: v.original_blob as string,
    sha256: v.sha256 as string,
    byteSize: v.byte_size as number,
    format: v.format as VersionBody['format'],
    width: v.width as number,
    height: v.height as number,
    originalFilename: v.original_filename as string,
    captureTime: v.capture_time as number | null,
    importTime: v.import_time as number,
    derived,
    // Only the columns that hold something: a reader takes a missing column as null.
    metadata: Object.fromEntries(metadataColumns.filter((c) => meta[c] !== undefined && meta[c] !== null).map((c) => [c, meta[c]!])),
    rawJson: (meta.raw_json as string | undefined) ?? '{}',
  };
}
