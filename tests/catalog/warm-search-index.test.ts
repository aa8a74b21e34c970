import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryAssets } from '../../electron/core/catalog/asset-list';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import { warmSearchIndex } from '../../electron/core/catalog/warm-search-index';
import { addRecord } from '../helpers/catalog-records';
import { makeTempDir } from '../helpers/temp-dir';

/** The search index is read after unlock only to fill the page cache: it changes nothing and never fails. */
describe('warming the search index', () => {
  function catalogWith(assets: number) {
    const db = openCatalog(path.join(makeTempDir('warm-search'), 'catalog.db'), randomBytes(32), { create: true });
    db.transaction(() => {
      for (let i = 0; i < assets; i += 1) addRecord(db, { title: `Linen shirt ${i} ${randomBytes(6).toString('hex')}`, sku: `SKU-${i}`, at: 1000 + i });
    })();
    return db;
  }

  it('reads the whole index in slices and leaves searches as they were', async () => {
    const db = catalogWith(600);
    try {
      const before = queryAssets(db, { query: 'lin', limit: 10 });
      const blocks = db.prepare('SELECT count(*) FROM asset_search_data').pluck().get() as number;
      expect(blocks).toBeGreaterThan(20);
      // Small slices, so the walk from one slice to the next is exercised.
      await expect(warmSearchIndex(db, 8)).resolves.toBe(blocks);
      await expect(warmSearchIndex(db)).resolves.toBe(blocks);
      expect(queryAssets(db, { query: 'lin', limit: 10 })).toEqual(before);
    } finally {
      db.close();
    }
  });

  it('stops quietly when the catalog closes (the vault locks) while it runs', async () => {
    const db = catalogWith(600);
    const warming = warmSearchIndex(db, 8);
    db.close();
    await expect(warming).resolves.toBe(0);
    // Locked before it starts (the unlock's merge ran until the lock): nothing to read, nothing thrown.
    const lockedFirst = catalogWith(10);
    lockedFirst.close();
    await expect(warmSearchIndex(lockedFirst, 8)).resolves.toBe(0);
  });
});
