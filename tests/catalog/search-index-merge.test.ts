import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryAssetItems } from '../../electron/core/catalog/asset-list';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import { mergeSearchIndex, searchIndexSegments } from '../../electron/core/catalog/search-index-merge';
import { addInSegments } from '../helpers/catalog-records';
import { makeTempDir } from '../helpers/temp-dir';

/**
 * The search index is merged into one segment when it has many, in slices, with the same answers
 * after as before. Each asset added in its own transaction writes a segment of its own; FTS5's
 * automatic merging is turned off here so the segments stay as written (with it on, FTS5 would merge
 * some of them itself and the count would depend on its policy).
 */
function catalogWithSegments(segments: number) {
  const db = openCatalog(path.join(makeTempDir('search-merge'), 'catalog.db'), randomBytes(32), { create: true });
  addInSegments(db, segments, (i) => ({ title: `Linen shirt ${i}`, sku: `SKU-${i}`, at: 1000 + i }));
  return db;
}

const changesOf = (db: ReturnType<typeof catalogWithSegments>) => db.prepare('SELECT total_changes()').pluck().get() as number;

describe('merging the search index', () => {
  it('reads the segment count from the index, and merges many segments into one in slices, answers unchanged', async () => {
    const db = catalogWithSegments(15);
    try {
      expect(searchIndexSegments(db)).toBe(15);
      const queries = ['lin', 'SKU-1', 'shirt 2', 'l', 'nothing-like-this'];
      const before = queries.map((query) => queryAssetItems(db, { query, limit: 50 }));
      // One page per slice: the merge takes several turns, and its end is found by FTS5's own signal.
      const slices = await mergeSearchIndex(db, { pagesPerSlice: 1 });
      expect(slices).toBeGreaterThan(1);
      expect(searchIndexSegments(db)).toBe(1);
      expect(queries.map((query) => queryAssetItems(db, { query, limit: 50 }))).toEqual(before);
      expect(before[0]!.total).toBe(15);
    } finally {
      db.close();
    }
  });

  it('leaves an index of few segments alone: no write at all', async () => {
    const db = catalogWithSegments(8);
    try {
      const changes = changesOf(db);
      await expect(mergeSearchIndex(db)).resolves.toBe(0);
      expect(changesOf(db)).toBe(changes);
      expect(searchIndexSegments(db)).toBe(8);
    } finally {
      db.close();
    }
  });

  it('runs one merge per catalog at a time: a second call joins the first', async () => {
    const db = catalogWithSegments(12);
    try {
      const first = mergeSearchIndex(db, { pagesPerSlice: 1 });
      expect(mergeSearchIndex(db)).toBe(first);
      await first;
      expect(searchIndexSegments(db)).toBe(1);
      await expect(mergeSearchIndex(db)).resolves.toBe(0);
    } finally {
      db.close();
    }
  });

  it('stops quietly when the catalog closes (the vault locks) between slices', async () => {
    const db = catalogWithSegments(12);
    const merging = mergeSearchIndex(db, { pagesPerSlice: 1 });
    setImmediate(() => db.close());
    await expect(merging).resolves.toBeLessThanOrEqual(1);
  });
});
