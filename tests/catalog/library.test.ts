import type { Database as DB } from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { countAssets, listAssets, type AssetQuery } from '../../electron/core/catalog/asset-list';
import { getAsset, resolveAssetId, setApproval, updateAssetFields } from '../../electron/core/catalog/assets';
import {
  addToCollection,
  createCollection,
  deleteCollection,
  listCollections,
  removeFromCollection,
  renameCollection,
} from '../../electron/core/catalog/collections';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import { changeTags, listTags } from '../../electron/core/catalog/tags';
import { isStrongroomError, type ErrorCode } from '../../electron/core/errors';
import { addRecord } from '../helpers/catalog-records';
import { makeTempDir } from '../helpers/temp-dir';

const add = addRecord;

function expectCode(fn: () => unknown, code: ErrorCode, message?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(isStrongroomError(caught), `expected ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  if (message) expect((caught as Error).message).toMatch(message);
}

let db: DB;
let shirt: string, scarf: string, bag: string, apron: string;
const ids = (q: AssetQuery) => listAssets(db, q).map((a) => a.id);
const byName = () => new Map([[shirt, 'shirt'], [scarf, 'scarf'], [bag, 'bag'], [apron, 'apron']]);
const names = (q: AssetQuery) => ids(q).map((id) => byName().get(id) ?? id);

beforeEach(() => {
  db = openCatalog(path.join(makeTempDir('library'), 'catalog.db'), randomBytes(32), { create: true });
  shirt = add(db, {
    title: 'Linen shirt',
    sku: 'SKU-1042',
    filename: 'IMG_0001.jpg',
    metadata: { keywords: ['Heronsgate', 'summer'], city: 'Kingston', creator: 'Phil Harvey' },
    at: 1000,
  }).assetId;
  scarf = add(db, { title: 'Wool scarf', sku: 'SKU-1043', format: 'png', metadata: { caption: 'Knitted by hand in Shetland' }, at: 2000 }).assetId;
  bag = add(db, { title: 'Canvas tote bag', format: 'webp', filename: 'IMG_0003.webp', at: 3000 }).assetId;
  apron = add(db, { title: 'apron (kitchen)', sku: 'SKU-0999', format: 'gif', at: 4000 }).assetId;
  return () => db.close();
});

describe('tags', () => {
  it('adds and removes tags on many assets at once, case-insensitively', () => {
    changeTags(db, [shirt, scarf, bag], ['Summer', 'Sale'], []);
    expect(listTags(db)).toEqual([
      { name: 'Sale', count: 3 },
      { name: 'Summer', count: 3 },
    ]);
    changeTags(db, [shirt, scarf], ['SUMMER'], ['sale']);
    expect(getAsset(db, shirt).tags).toEqual(['Summer']);
    expect(getAsset(db, bag).tags).toEqual(['Sale', 'Summer']);
    expect(listTags(db)).toEqual([
      { name: 'Sale', count: 1 },
      { name: 'Summer', count: 3 },
    ]);
    expect(names({ tag: 'summer', sort: 'name' })).toEqual(['bag', 'shirt', 'scarf']);
    expect(names({ tag: 'SALE' })).toEqual(['bag']);
    expect(names({ query: 'sale' })).toEqual(['bag']);
    changeTags(db, [bag], [], ['Sale']);
    expect(listTags(db).map((t) => t.name)).toEqual(['Summer']);
    expect(names({ query: 'sale' })).toEqual([]);
  });

  it('removes a tag that one call both adds and removes, on every asset it names', () => {
    // Found by the sync property test: the tag row vanished after the first asset's removal.
    changeTags(db, [shirt, scarf, bag], ['Linen'], []);
    changeTags(db, [shirt, scarf, bag], ['linen', 'Cotton'], ['LINEN']);
    expect([shirt, scarf, bag].map((id) => getAsset(db, id).tags)).toEqual([['Cotton'], ['Cotton'], ['Cotton']]);
    expect(listTags(db)).toEqual([{ name: 'Cotton', count: 3 }]);
  });

  it('refuses an empty tag or an unknown asset without changing anything', () => {
    expectCode(() => changeTags(db, [shirt], ['fine', '   '], []), 'INVALID_ARGUMENT', /empty/);
    expectCode(() => changeTags(db, [shirt, 'nosuchasset0'], ['fine'], []), 'NOT_FOUND');
    expectCode(() => changeTags(db, [shirt], ['x'.repeat(101)], []), 'INVALID_ARGUMENT');
    expect(listTags(db)).toEqual([]);
    expect(getAsset(db, shirt).tags).toEqual([]);
  });

  it('treats tags that differ only in the case of accented letters as one tag', () => {
    changeTags(db, [shirt], ['Été'], []);
    changeTags(db, [scarf], ['été'], []);
    expect(listTags(db)).toHaveLength(1);
    expect(names({ tag: 'ÉTÉ', sort: 'name' })).toEqual(['shirt', 'scarf']);
  });
});

describe('collections', () => {
  it('creates, renames and deletes collections; names are unique regardless of case', () => {
    const spring = createCollection(db, ' Spring 2025 ');
    expect(spring.name).toBe('Spring 2025');
    expectCode(() => createCollection(db, 'spring 2025'), 'CONFLICT');
    expectCode(() => createCollection(db, '  '), 'INVALID_ARGUMENT');
    const outlet = createCollection(db, 'Outlet');
    expectCode(() => renameCollection(db, outlet.id, 'SPRING 2025'), 'CONFLICT');
    renameCollection(db, 'spring 2025', 'Summer 2025');
    expect(listCollections(db).map((c) => c.name)).toEqual(['Outlet', 'Summer 2025']);
    addToCollection(db, spring.id, [shirt, scarf]);
    deleteCollection(db, 'SUMMER 2025');
    expect(listCollections(db).map((c) => c.name)).toEqual(['Outlet']);
    expect(countAssets(db)).toBe(4);
    expect(getAsset(db, shirt).collections).toEqual([]);
    expectCode(() => deleteCollection(db, 'Summer 2025'), 'NOT_FOUND');
  });

  it('adds and removes assets, counts them and filters by collection id or name', () => {
    const c = createCollection(db, 'Campaign');
    createCollection(db, 'Empty');
    addToCollection(db, 'campaign', [shirt, scarf, bag]);
    addToCollection(db, c.id, [shirt]);
    removeFromCollection(db, c.id, [scarf]);
    expect(listCollections(db).map((x) => [x.name, x.assetCount])).toEqual([
      ['Campaign', 2],
      ['Empty', 0],
    ]);
    expect(names({ collection: c.id, sort: 'name' })).toEqual(['bag', 'shirt']);
    expect(names({ collection: 'CAMPAIGN', sort: 'name' })).toEqual(['bag', 'shirt']);
    expect(names({ collection: 'Empty' })).toEqual([]);
    expect(getAsset(db, shirt).collections).toEqual([{ id: c.id, name: 'Campaign' }]);
    expectCode(() => addToCollection(db, c.id, [apron, 'nosuchasset0']), 'NOT_FOUND');
    expectCode(() => addToCollection(db, 'No such collection', [apron]), 'NOT_FOUND');
    expect(listCollections(db)[0]!.assetCount).toBe(2);
  });
});

describe('listing', () => {
  it('sorts by newest, oldest, name and SKU (assets without a SKU last)', () => {
    expect(names({})).toEqual(['apron', 'bag', 'scarf', 'shirt']);
    expect(names({ sort: 'oldest' })).toEqual(['shirt', 'scarf', 'bag', 'apron']);
    expect(names({ sort: 'name' })).toEqual(['apron', 'bag', 'shirt', 'scarf']);
    expect(names({ sort: 'sku' })).toEqual(['apron', 'shirt', 'scarf', 'bag']);
    expect(names({ sort: 'oldest', limit: 2, offset: 1 })).toEqual(['scarf', 'bag']);
  });

  it('filters by format and approval state of the current version, combined with other filters', () => {
    expect(names({ format: 'png' })).toEqual(['scarf']);
    expect(names({ format: 'tiff' })).toEqual([]);
    setApproval(db, scarf, 1, 'approved');
    expect(names({ status: 'approved' })).toEqual(['scarf']);
    expect(names({ status: 'draft', sort: 'oldest' })).toEqual(['shirt', 'bag', 'apron']);
    changeTags(db, [scarf, shirt], ['knit'], []);
    expect(names({ status: 'draft', tag: 'knit' })).toEqual(['shirt']);
    expect(names({ status: 'approved', format: 'jpeg' })).toEqual([]);
  });
});

describe('search', () => {
  it('finds assets by SKU, by title words and by embedded metadata', () => {
    expect(names({ query: 'SKU-1042' })).toEqual(['shirt']);
    expect(names({ query: 'sku-104', sort: 'sku' })).toEqual(['shirt', 'scarf']);
    expect(names({ query: 'Heronsgate' })).toEqual(['shirt']);
    expect(names({ query: 'Phil Harvey' })).toEqual(['shirt']);
    expect(names({ query: 'shetland' })).toEqual(['scarf']);
    expect(names({ query: 'wool scarf' })).toEqual(['scarf']);
    expect(names({ query: 'wool shirt' })).toEqual([]);
    expect(names({ query: 'kitchen' })).toEqual(['apron']);
  });

  it('matches as the user types: the last word is a prefix', () => {
    for (const typed of ['K', 'Ki', 'Kin', 'King', 'Kingst', 'Kingston']) expect(names({ query: typed }), typed).toContain('shirt');
    expect(names({ query: 'Kingstonx' })).toEqual([]);
    expect(names({ query: 'canvas to' })).toEqual(['bag']);
    expect(names({ query: 'can bag' })).toEqual([]);
  });

  it('treats FTS syntax in the input as plain text', () => {
    const inputs = ['"', '"linen', 'linen"', '*', 'linen*', '(', ')', 'NEAR', 'NEAR(linen shirt)', 'linen OR scarf', 'AND', 'NOT', 'title:linen'];
    for (const q of [...inputs, '-linen', '^linen', "l'inen", '\\', ':', '{}', 'a"b"c', '""""', '\u0000', '🧣']) {
      expect(() => listAssets(db, { query: q }), q).not.toThrow();
    }
    expect(names({ query: 'linen OR scarf' })).toEqual([]);
    expect(names({ query: 'title:linen' })).toEqual([]);
    expect(names({ query: 'NEAR(linen shirt)' })).toEqual([]);
    expect(names({ query: '-linen' })).toEqual(['shirt']);
    expect(names({ query: '"linen' })).toEqual(['shirt']);
    expect(names({ query: '(' })).toEqual([]);
  });

  it('reindexes when asset fields change', () => {
    updateAssetFields(db, bag, { title: 'Leather satchel', sku: 'SKU-7777', productName: 'Café carry-all', description: 'Brass buckles' }, 9000);
    expect(names({ query: 'canvas' })).toEqual([]);
    expect(names({ query: 'satch' })).toEqual(['bag']);
    expect(names({ query: 'SKU-7777' })).toEqual(['bag']);
    expect(names({ query: 'cafe' })).toEqual(['bag']);
    expect(names({ query: 'buckles' })).toEqual(['bag']);
    expect(getAsset(db, bag)).toMatchObject({ title: 'Leather satchel', sku: 'SKU-7777', productName: 'Café carry-all', updatedAt: 9000 });
    updateAssetFields(db, bag, { sku: null, description: '  ' });
    expect(getAsset(db, bag)).toMatchObject({ sku: null, description: null });
    expect(names({ query: 'SKU-7777' })).toEqual([]);
    expectCode(() => updateAssetFields(db, bag, { title: '  ' }), 'INVALID_ARGUMENT');
    expectCode(() => updateAssetFields(db, 'nosuchasset0', { title: 'x' }), 'NOT_FOUND');
  });
});

describe('approval and the current version', () => {
  it('shows the newest approved version, else the newest that is not retired', () => {
    const v2 = add(db, { title: 'ignored', assetId: shirt, at: 5000 });
    const v3 = add(db, { title: 'ignored', assetId: shirt, at: 6000 });
    expect([v2.versionNumber, v3.versionNumber, v2.newAsset]).toEqual([2, 3, false]);
    const current = () => {
      const asset = getAsset(db, shirt);
      const listed = listAssets(db).find((a) => a.id === shirt)!;
      const version = asset.versions.find((v) => v.id === asset.currentVersionId)!;
      expect(listed.currentVersion.id).toBe(asset.currentVersionId);
      expect(listed.thumbBlob).toBe(version.derived.find((d) => d.kind === 'thumb')!.blobId);
      return version.number;
    };
    expect(current()).toBe(3);
    setApproval(db, shirt, 1, 'approved');
    expect(current()).toBe(1);
    setApproval(db, shirt, 2, 'approved');
    expect(current()).toBe(2);
    setApproval(db, shirt, 2, 'retired');
    expect(current()).toBe(1);
    setApproval(db, shirt, 1, 'retired');
    expect(current()).toBe(3);
    setApproval(db, shirt, 3, 'retired');
    setApproval(db, shirt, 2, 'in_review');
    expect(current()).toBe(2);
    expect(names({ status: 'in_review' })).toEqual(['shirt']);
    setApproval(db, shirt, 2, 'retired');
    expect(current()).toBe(3);
    expect(getAsset(db, shirt).title).toBe('Linen shirt');
  });

  it('records each state change once and refuses unknown versions', () => {
    const events = () => db.prepare('SELECT state FROM approval_events e JOIN versions v ON v.id = e.version_id WHERE v.asset_id = ? ORDER BY e.id').all(scarf);
    setApproval(db, scarf, 1, 'in_review', 7000);
    setApproval(db, scarf, 1, 'in_review', 7001);
    setApproval(db, scarf, 1, 'approved', 7002);
    expect(events()).toEqual([{ state: 'draft' }, { state: 'in_review' }, { state: 'approved' }]);
    expect(getAsset(db, scarf).updatedAt).toBe(7002);
    expectCode(() => setApproval(db, scarf, 2, 'approved'), 'NOT_FOUND');
  });
});

describe('resolveAssetId', () => {
  it('accepts a full id or an unambiguous prefix of at least 4 characters', () => {
    expect(resolveAssetId(db, shirt)).toBe(shirt);
    const others = [scarf, bag, apron];
    let n = 4;
    while (others.some((o) => o.startsWith(shirt.slice(0, n)))) n += 1;
    expect(resolveAssetId(db, shirt.slice(0, n))).toBe(shirt);
    expectCode(() => resolveAssetId(db, shirt.slice(0, 3)), 'NOT_FOUND');
    expectCode(() => resolveAssetId(db, 'zzzzzzzzzzzz'), 'NOT_FOUND');
    expectCode(() => resolveAssetId(db, `${shirt.slice(0, 4)}%`), 'NOT_FOUND');
  });

  it('refuses a prefix that matches more than one asset', () => {
    const insert = db.prepare("INSERT INTO assets (id, title, created_at, updated_at) VALUES (?, 'twin', 1, 1)");
    insert.run('qqqq1aaaaaaa');
    insert.run('qqqq2aaaaaaa');
    expectCode(() => resolveAssetId(db, 'qqqq'), 'INVALID_ARGUMENT', /more than one/);
    expect(resolveAssetId(db, 'qqqq2')).toBe('qqqq2aaaaaaa');
  });
});
