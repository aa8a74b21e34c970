import type { Database } from 'better-sqlite3-multiple-ciphers';
import { runInSlices } from './slices';
import { preparedStatement } from './statement-cache';

/**
 * Keeps the search index (FTS5 `asset_search`) in few segments. Each write adds a segment and FTS5
 * merges them only partly as it goes (`automerge`), so after large imports a 100,000-asset index sat
 * in a dozen segments, and every prefix looked up, and every row tested against a search, read each
 * of them: a row test cost ~180 µs there against 7–19 µs on the same index merged into one segment,
 * and counting "l" 8.5 ms against 4.7.
 *
 * Merging rewrites the whole index (~3 s of work at 100,000 assets), so it runs only when the index
 * has more than MERGE_ABOVE_SEGMENTS segments, and in slices: FTS5's incremental `merge` with a
 * negative page count (which merges across levels into one segment, like `optimize`), one slice of
 * PAGES_PER_SLICE pages per event-loop turn, each its own short write transaction, so calls that
 * arrive meanwhile wait for one slice at most. Nothing else changes: same rows, same answers.
 */
const MERGE_ABOVE_SEGMENTS = 8;
const PAGES_PER_SLICE = 64;
/** The structure record's id in an FTS5 table's `_data` shadow table (fts5_index.c, FTS5_STRUCTURE_ROWID). */
const STRUCTURE_ROWID = 10;
/** Marks a version-2 structure record (SQLite 3.43+): it follows the 4-byte cookie. */
const STRUCTURE_V2 = Buffer.from([0xff, 0x00, 0x00, 0x01]);

/** An SQLite varint (big-endian groups of 7 bits, high bit set on all but the last) at `at`: [value, bytes]. */
function readVarint(bytes: Buffer, at: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 5 && at + i < bytes.length; i++) {
    const b = bytes[at + i]!;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  throw new Error('search index structure: bad varint');
}

/**
 * How many segments the index has, from its structure record (cookie, [v2 marker], levels, segments),
 * or null when there is no record yet (an index never written) or it is not one this code reads.
 */
export function searchIndexSegments(db: Database): number | null {
  const row = preparedStatement(db, 'SELECT block FROM asset_search_data WHERE id = ?').get(STRUCTURE_ROWID) as { block: Buffer } | undefined;
  if (!row || row.block.length < 6) return null;
  let at = 4;
  if (row.block.subarray(at, at + 4).equals(STRUCTURE_V2)) at += 4;
  try {
    const [, levelBytes] = readVarint(row.block, at);
    return readVarint(row.block, at + levelBytes)[0];
  } catch {
    return null;
  }
}

/**
 * Merges the index into one segment when it has grown too many, a slice per turn (slices.ts).
 * Resolves with the slices run (0 when there was nothing to do).
 */
export function mergeSearchIndex(db: Database, options: { aboveSegments?: number; pagesPerSlice?: number } = {}): Promise<number> {
  // One merge per connection at a time: an import finishing during the unlock's merge joins it.
  const running = merging.get(db);
  if (running) return running;
  const merge = mergeInSlices(db, options).finally(() => merging.delete(db));
  merging.set(db, merge);
  return merge;
}

const merging = new WeakMap<Database, Promise<number>>();

async function mergeInSlices(db: Database, options: { aboveSegments?: number; pagesPerSlice?: number }): Promise<number> {
  if (!db.open) return 0;
  const segments = searchIndexSegments(db);
  if (segments === null || segments <= (options.aboveSegments ?? MERGE_ABOVE_SEGMENTS)) return 0;
  const merge = preparedStatement(db, "INSERT INTO asset_search(asset_search, rank) VALUES('merge', ?)");
  const changes = preparedStatement(db, 'SELECT total_changes()').pluck();
  const pages = -Math.abs(options.pagesPerSlice ?? PAGES_PER_SLICE);
  let slices = 0;
  // A slice that fails (a busy or closing catalog) ends the merge: the index stays as it was (correct,
  // only slower), and the next unlock or import tries again.
  await runInSlices(db, () => {
    const before = changes.get() as number;
    merge.run(pages);
    slices += 1;
    // FTS5's own signal: a merge call that found no work changes fewer than two rows.
    return (changes.get() as number) - before < 2;
  });
  return slices;
}
