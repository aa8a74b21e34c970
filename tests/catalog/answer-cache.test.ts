import type { Database as DB } from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { countAssets, queryAssetIds, queryAssets, type AssetQuery } from '../../electron/core/catalog/asset-list';
import { setApproval, updateAssetFields } from '../../electron/core/catalog/assets';
import { addToCollection, createCollection } from '../../electron/core/catalog/collections';
import { deleteAsset } from '../../electron/core/catalog/delete-asset';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import { changeTags } from '../../electron/core/catalog/tags';
import { addRecord } from '../helpers/catalog-records';
import { makeTempDir } from '../helpers/temp-dir';

/**
 * Answers to list queries are kept until the catalog changes (electron/core/catalog/answer-cache.ts).
 * Each change the app can make must show in the very next answer to the same question, and a
 * question asked again with nothing changed must get the same answer.
 */
let file: string;
let key: Buffer;
let db: DB;
let linen: string;
let wool: string;

const answer = (q: AssetQuery) => {
  const page = queryAssets(db, { limit: 50, ...q });
  return { total: page.total, ids: page.items.map((a) => a.id), titles: page.items.map((a) => a.title), tags: page.items.map((a) => a.tags) };
};

beforeEach(() => {
  file = path.join(makeTempDir('answer-cache'), 'catalog.db');
  key = randomBytes(32);
  db = openCatalog(file, key, { create: true });
  linen = addRecord(db, { title: 'Linen shirt', sku: 'SKU-1042', at: 1000 }).assetId;
  wool = addRecord(db, { title: 'Wool scarf', sku: 'SKU-1043', at: 2000 }).assetId;
  return () => db.close();
});

describe('kept answers', () => {
  it('answer a repeated question, and the same search in another case or with a trailing separator, as before', () => {
    const first = answer({ query: 'SKU' });
    expect(first.total).toBe(2);
    expect(answer({ query: 'SKU' })).toEqual(first);
    expect(answer({ query: 'sku-' })).toEqual(first);
    expect(queryAssetIds(db, { query: 'Sku' })).toEqual({ total: 2, ids: first.ids });
    expect(countAssets(db, { query: 'sKU' })).toBe(2);
  });

  it('see an edit of a field in the next answer', () => {
    expect(answer({ query: 'SKU-104' }).ids).toEqual([wool, linen]);
    expect(answer({ query: 'blouse' }).total).toBe(0);
    updateAssetFields(db, linen, { title: 'Linen blouse', sku: 'SKU-2042' }, 3000);
    expect(answer({ query: 'SKU-104' })).toEqual({ total: 1, ids: [wool], titles: ['Wool scarf'], tags: [[]] });
    expect(answer({ query: 'blouse' }).titles).toEqual(['Linen blouse']);
    expect(answer({}).titles).toEqual(['Wool scarf', 'Linen blouse']);
  });

  it('see a new import, on every page and in every count', () => {
    expect(answer({ query: 'sk' }).total).toBe(2);
    expect(countAssets(db, {})).toBe(2);
    const silk = addRecord(db, { title: 'Silk skirt', at: 3000 }).assetId;
    expect(answer({ query: 'sk' })).toMatchObject({ total: 3, ids: [silk, wool, linen] });
    expect(answer({ query: 'sk', offset: 2 })).toMatchObject({ total: 3, ids: [linen] });
    expect(queryAssetIds(db, { query: 'sk' })).toEqual({ total: 3, ids: [silk, wool, linen] });
    expect(countAssets(db, {})).toBe(3);
  });

  it('see a delete', () => {
    expect(answer({ query: 'SKU-104' }).total).toBe(2);
    deleteAsset(db, wool, 3000);
    expect(answer({ query: 'SKU-104' })).toMatchObject({ total: 1, ids: [linen] });
    expect(queryAssetIds(db, {})).toEqual({ total: 1, ids: [linen] });
  });

  it('see a tag change, both in the search and in the tag filter', () => {
    expect(answer({ query: 'summer' }).total).toBe(0);
    expect(answer({ tag: 'summer' }).total).toBe(0);
    changeTags(db, [wool], ['summer'], [], 3000);
    expect(answer({ query: 'summer' })).toMatchObject({ total: 1, ids: [wool], tags: [['summer']] });
    expect(answer({ tag: 'Summer' })).toMatchObject({ total: 1, ids: [wool] });
    expect(answer({ query: 'scarf' }).tags).toEqual([['summer']]);
    changeTags(db, [wool], [], ['summer'], 4000);
    expect(answer({ query: 'summer' }).total).toBe(0);
    expect(answer({ query: 'scarf' }).tags).toEqual([[]]);
  });

  it('see an approval change and a collection change', () => {
    expect(answer({ status: 'approved' }).total).toBe(0);
    setApproval(db, linen, 1, 'approved', 3000);
    expect(answer({ status: 'approved' }).ids).toEqual([linen]);
    const { id } = createCollection(db, 'Summer', 3000);
    expect(answer({ collection: id }).total).toBe(0);
    addToCollection(db, id, [wool], 4000);
    expect(answer({ collection: 'summer' }).ids).toEqual([wool]);
  });

  it('see what another connection committed', () => {
    expect(answer({ query: 'silk' }).total).toBe(0);
    const other = openCatalog(file, key);
    try {
      addRecord(other, { title: 'Silk skirt', at: 3000 });
    } finally {
      other.close();
    }
    expect(answer({ query: 'silk' }).total).toBe(1);
    expect(answer({}).total).toBe(3);
  });

  it('are neither kept nor used inside a transaction, which sees its own changes and may roll them back', () => {
    expect(answer({ query: 'silk' }).total).toBe(0);
    expect(() =>
      db.transaction(() => {
        addRecord(db, { title: 'Silk skirt', at: 3000 });
        expect(answer({ query: 'silk' }).total).toBe(1);
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(answer({ query: 'silk' }).total).toBe(0);
    expect(answer({}).total).toBe(2);
  });
});
