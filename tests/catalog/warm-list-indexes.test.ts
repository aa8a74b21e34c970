import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryAssetItems } from '../../electron/core/catalog/asset-list';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import { changeTags } from '../../electron/core/catalog/tags';
import { warmListIndexes } from '../../electron/core/catalog/warm-list-indexes';
import { addRecord } from '../helpers/catalog-records';
import { makeTempDir } from '../helpers/temp-dir';

/** The list's indexes are read after unlock only to fill the page cache: it changes nothing and never fails. */
describe('warming the list indexes', () => {
  function catalogWith(assets: number) {
    const db = openCatalog(path.join(makeTempDir('warm-list'), 'catalog.db'), randomBytes(32), { create: true });
    const ids = db.transaction(() => {
      const made: string[] = [];
      for (let i = 0; i < assets; i += 1) made.push(addRecord(db, { title: `Linen shirt ${i}`, sku: `SKU-${i}`, at: 1000 + i }).assetId);
      return made;
    })();
    changeTags(db, ids.slice(0, 50), ['summer', 'linen'], []);
    return db;
  }

  it('reads every entry of each index in slices and leaves pages as they were', async () => {
    const db = catalogWith(300);
    try {
      const before = queryAssetItems(db, { query: 'lin', limit: 10 });
      // Search index rows, versions twice (primary key, asset and number), tags.
      const entries = 300 + 300 + 300 + 100;
      // Small slices, so the walk from one slice to the next (and from one index to the next) is exercised.
      await expect(warmListIndexes(db, 7)).resolves.toBeGreaterThan(entries - 4 * 7);
      await expect(warmListIndexes(db)).resolves.toBe(entries);
      expect(queryAssetItems(db, { query: 'lin', limit: 10 })).toEqual(before);
    } finally {
      db.close();
    }
  });

  it('stops quietly when the catalog closes (the vault locks) while it runs', async () => {
    const db = catalogWith(50);
    const warming = warmListIndexes(db, 8);
    db.close();
    await expect(warming).resolves.toBe(0);
    // Locked before it starts (the unlock's merge ran until the lock): nothing to read, nothing thrown.
    const lockedFirst = catalogWith(10);
    lockedFirst.close();
    await expect(warmListIndexes(lockedFirst, 8)).resolves.toBe(0);
  });
});
