import type { Database } from 'better-sqlite3-multiple-ciphers';
import { runInSlices } from './slices';
import { preparedStatement } from './statement-cache';

/**
 * Reads the full-text index once after unlock, a slice at a time between other work, so its pages are
 * decrypted into the connection's page cache before the first searches. Every letter typed asks the
 * index about a prefix it has not read yet, and each page read the first time is decrypted on the
 * spot: at 100,000 assets (a 27 MB index, within the 64 MiB cache of open-catalog.ts) "sage t" took
 * 343 ms the first time and 41 ms the next. A slice reads a few hundred index blocks (a few
 * milliseconds), so a call that arrives meanwhile waits for one slice at most. Stops when the
 * connection closes (lock). Resolves with the number of index blocks read.
 */
const BLOCKS_PER_SLICE = 256;

export async function warmSearchIndex(db: Database, blocksPerSlice = BLOCKS_PER_SLICE): Promise<number> {
  let after = Number.MIN_SAFE_INTEGER;
  let read = 0;
  // Prepared inside the slice (the cache makes it free), which runs only on an open connection: the
  // vault may lock before this starts.
  await runInSlices(db, () => {
    // length() of a block needs its row, so the scan reads (and decrypts) every leaf page of the index.
    const slice = preparedStatement(
      db,
      'SELECT max(id) AS last, count(*) AS blocks, sum(length(block)) AS bytes FROM (SELECT id, block FROM asset_search_data WHERE id > ? ORDER BY id LIMIT ?)',
    );
    const { last, blocks } = slice.get(after, blocksPerSlice) as { last: number | null; blocks: number };
    read += blocks;
    if (last === null || blocks < blocksPerSlice) return true;
    after = last;
    return false;
  });
  return read;
}
