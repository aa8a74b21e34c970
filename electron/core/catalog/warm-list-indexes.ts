import type { Database } from 'better-sqlite3-multiple-ciphers';
import { runInSlices } from './slices';
import { preparedStatement } from './statement-cache';

/**
 * After the search index (warm-search-index.ts), reads the indexes a search's page goes through, so
 * their pages are decrypted into the page cache before the first searches rather than by them. A
 * search's matches are spread over the whole catalog, so each answer finds most of the pages it needs
 * not yet read: at 100,000 assets, reading the details of 48 random assets cost ~11 ms of CPU the
 * first time and 2 ms after. The indexes here are the ones every such answer reads a page of per match:
 *
 * - `assets_search_by_created`: the lookup of a search's matches in a date order (asset-list.ts);
 * - the versions' primary key and `(asset_id, number)`: each row's current version and version count;
 * - `asset_tags` (its primary key is the table): each row's tags.
 *
 * About 12 MB at 100,000 assets, next to the search index's 27–31 MB within the 64 MiB page cache of
 * open-catalog.ts. The big tables themselves (versions 25 MB, assets 15 MB) would not fit beside them.
 * Each index is scanned in key order, a slice per event-loop turn (a few milliseconds), so a call that
 * arrives meanwhile waits for one slice at most; a slice resumes after the last key it read, so where
 * keys repeat (several versions or tags of one asset) the rest of that key is skipped, which only
 * leaves a page or two unread. Stops when the connection closes (lock). Resolves with the number of
 * index entries read.
 */
const ROWS_PER_SLICE = 8192;

const SCANS = [
  { from: 'assets INDEXED BY assets_search_by_created', key: 'search_rowid', start: Number.MIN_SAFE_INTEGER },
  { from: 'versions', key: 'id', start: '' },
  { from: 'versions', key: 'asset_id', start: '' },
  { from: 'asset_tags', key: 'asset_id', start: '' },
] as const;

export async function warmListIndexes(db: Database, rowsPerSlice = ROWS_PER_SLICE): Promise<number> {
  let scan = 0;
  let after: string | number = SCANS[0].start;
  let read = 0;
  await runInSlices(db, () => {
    const { from, key } = SCANS[scan]!;
    // Only the key is selected, so SQLite reads the index alone (each of these covers its key).
    const slice = preparedStatement(db, `SELECT max(${key}) AS last, count(*) AS rows FROM (SELECT ${key} FROM ${from} WHERE ${key} > ? ORDER BY ${key} LIMIT ?)`);
    const { last, rows } = slice.get(after, rowsPerSlice) as { last: string | number | null; rows: number };
    read += rows;
    if (last !== null && rows === rowsPerSlice) {
      after = last;
      return false;
    }
    scan += 1;
    if (scan === SCANS.length) return true;
    after = SCANS[scan]!.start;
    return false;
  });
  return read;
}
