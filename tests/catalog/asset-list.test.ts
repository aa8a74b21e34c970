import type { Database as DB } from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAssetIds, queryAssetItems, queryAssets, type AssetQuery, type AssetSort } from '../../electron/core/catalog/asset-list';
import { setApproval } from '../../electron/core/catalog/assets';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import { changeTags } from '../../electron/core/catalog/tags';
import type { ApprovalState } from '../../electron/core/catalog/types';
import { addRecord } from '../helpers/catalog-records';

/**
 * Pages come from one of two query plans, chosen by how many assets match (see asset-list.ts). Both
 * must give exactly the order a plain sort of the matching assets gives, for every filter, sort,
 * offset and limit; this library is built so that each filter crosses from one plan to the other.
 */
interface Model {
  id: string;
  title: string;
  sku: string | null;
  createdAt: number;
  words: string[];
  tags: string[];
  approval: ApprovalState;
}

const ASSETS = 600;
let dir: string;
let db: DB;
const key = randomBytes(32);
const model: Model[] = [];

beforeAll(() => {
  // One library for the whole file (building it is the slow part), so not makeTempDir's per-test folder.
  dir = mkdtempSync(path.join(os.tmpdir(), 'strongroom-asset-list-'));
  db = openCatalog(path.join(dir, 'catalog.db'), key, { create: true });
  for (let i = 0; i < ASSETS; i += 1) {
    // Every asset is an "item"; a third are "blue", one in fifty "rare"; the oldest quarter "vintage"
    // (matches clustered at one end of the order). Pairs share a creation time.
    // Nearly all are "common" (not every third of the newest hundred): a short prefix of it ("co") is
    // tested row by row on a walk, the whole word through the index.
    const common = !(i >= ASSETS - 100 && i % 3 === 0);
    const words = [
      'item',
      ...(common ? ['common'] : []),
      ...(i % 3 === 0 ? ['blue'] : []),
      ...(i % 50 === 7 ? ['rare'] : []),
      ...(i < 150 ? ['vintage'] : []),
    ];
    const title = `${words.join(' ')} ${String.fromCharCode(97 + ((i * 7) % 26))}${i % 13}`;
    const sku = i % 4 === 0 ? null : `SKU-${String((i * 37) % 1000).padStart(4, '0')}`;
    const createdAt = 1_000 + Math.floor(i / 2);
    const { assetId } = addRecord(db, { title, sku: sku ?? undefined, at: createdAt });
    const tags = i % 2 === 0 ? ['even'] : [];
    if (tags.length) changeTags(db, [assetId], tags, [], createdAt);
    const approval: ApprovalState = i % 5 === 0 ? 'approved' : 'draft';
    if (approval === 'approved') setApproval(db, assetId, 1, 'approved', createdAt);
    model.push({ id: assetId, title, sku, createdAt, words, tags, approval });
  }
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const byText = (x: string, y: string) => (x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0);
const byId = (x: Model, y: Model) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

const COMPARE: Record<AssetSort, (x: Model, y: Model) => number> = {
  newest: (x, y) => y.createdAt - x.createdAt || -byId(x, y),
  oldest: (x, y) => x.createdAt - y.createdAt || byId(x, y),
  name: (x, y) => byText(x.title, y.title) || byId(x, y),
  sku: (x, y) => Number(x.sku === null) - Number(y.sku === null) || byText(x.sku ?? '', y.sku ?? '') || byId(x, y),
};

function expected(q: AssetQuery): { total: number; ids: string[] } {
  const matching = model
    // The last word of a search is a prefix.
    .filter((m) => q.query === undefined || m.words.some((w) => w.startsWith(q.query!)))
    .filter((m) => q.tag === undefined || m.tags.includes(q.tag))
    .filter((m) => q.status === undefined || m.approval === q.status)
    .sort(COMPARE[q.sort ?? 'newest']);
  const offset = q.offset ?? 0;
  return { total: matching.length, ids: matching.slice(offset, offset + (q.limit ?? 500)).map((m) => m.id) };
}

describe('asset pages', () => {
  const filters: AssetQuery[] = [
    {},
    { query: 'item' },
    { query: 'blue' },
    { query: 'rare' },
    { query: 'vintage' },
    { query: 'common' },
    { query: 'co' },
    { query: 'co', tag: 'even' },
    { query: 'vintage', tag: 'even' },
    { tag: 'even' },
    { status: 'approved' },
    { query: 'blue', tag: 'even' },
    { query: 'item', status: 'approved', tag: 'even' },
  ];
  // Small pages take the bounded walk (whole page found in a prefix of the order, or not: then lookup).
  const windows = [
    { offset: 0, limit: 5 },
    { offset: 3, limit: 4 },
    { offset: 0, limit: 20 },
    { offset: 10, limit: 50 },
    { offset: 150, limit: 100 },
    { offset: 590, limit: 50 },
    { offset: 0, limit: 1000 },
  ];

  // At this size testing rows one at a time against a search rarely pays; a ratio of 1 makes every
  // walk over a short prefix ("co"), and every bounded walk, take that path.
  const tunings = [undefined, { probeCostRatio: 1 }];

  it.each(['newest', 'oldest', 'name', 'sku'] as const)('match a plain sort of the matching assets, by %s, whichever plan answers', (sort) => {
    for (const tuning of tunings) {
      for (const filter of filters) {
        for (const window of windows) {
          const q = { ...filter, ...window, sort };
          const label = `${JSON.stringify(q)} ${JSON.stringify(tuning)}`;
          const page = queryAssets(db, q, tuning);
          const want = expected(q);
          expect(page.total, label).toBe(want.total);
          expect(page.items.map((a) => a.id), label).toEqual(want.ids);
          expect(queryAssetIds(db, q, tuning), `ids of ${label}`).toEqual({ total: want.total, ids: want.ids });
        }
      }
    }
  });

  it('carry the current version, tags and thumbnail of each asset', () => {
    const page = queryAssets(db, { query: 'rare', sort: 'oldest', limit: 3 });
    const first = model.find((m) => m.words.includes('rare'))!;
    expect(page.items[0]).toMatchObject({
      id: first.id,
      title: first.title,
      versionCount: 1,
      currentVersion: { number: 1, approval: first.approval, format: 'jpeg', width: 800, height: 600 },
      tags: first.tags,
    });
    expect(page.items[0]!.thumbBlob).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leave the thumbnail out of the grid\'s pages (no blob id crosses the API), and nothing else', () => {
    for (const q of [{ query: 'rare', sort: 'oldest', limit: 3 }, { limit: 20 }, { query: 'vintage', limit: 7, offset: 2 }] as const) {
      const full = queryAssets(db, q);
      const items = queryAssetItems(db, q);
      expect(items.total).toBe(full.total);
      expect(items.items).toEqual(full.items.map(({ thumbBlob: _thumb, ...rest }) => rest));
      expect(items.items.every((i) => !('thumbBlob' in i))).toBe(true);
    }
  });

  it('look a search alone, in a date order, up through the date-ordered index, without a walk bound to fail', () => {
    // A connection of its own, so its statements are prepared (and seen) here.
    const other = openCatalog(path.join(dir, 'catalog.db'), key);
    try {
      const prepared: string[] = [];
      const prepare = other.prepare.bind(other);
      other.prepare = ((sql: string) => {
        prepared.push(sql);
        return prepare(sql);
      }) as typeof other.prepare;
      // "vintage" is the oldest quarter: newest first, the bounded walk fails and the lookup answers.
      // Statements are kept once prepared, so each shape is asked first where it is checked.
      const cases: { q: AssetQuery; viaIndex: boolean }[] = [
        // Other orders and other filters need the asset's row anyway: SQLite keeps its own choice.
        { q: { query: 'vintage', sort: 'name', limit: 5 }, viaIndex: false },
        { q: { query: 'vintage', tag: 'even', sort: 'newest', limit: 5 }, viaIndex: false },
        { q: { query: 'vintage', sort: 'newest', limit: 5 }, viaIndex: true },
        { q: { query: 'vintage', sort: 'oldest', offset: 140, limit: 20 }, viaIndex: true },
      ];
      for (const { q, viaIndex } of cases) {
        prepared.length = 0;
        const label = JSON.stringify(q);
        const page = queryAssets(other, q);
        expect({ total: page.total, ids: page.items.map((a) => a.id) }, label).toEqual(expected(q));
        expect(queryAssetIds(other, q), label).toEqual(expected(q));
        expect(prepared.some((sql) => sql.includes('INDEXED BY assets_search_by_created')), label).toBe(viaIndex);
        // In a date order, the search's newest match (by search rowid) lies beyond a bounded walk, so
        // none is tried first; by name, nothing says so.
        expect(prepared.some((sql) => sql.includes('AS rid, a.* FROM assets a')), label).toBe(q.sort === 'name');
      }
      // Matches spread over the order ("blue" is every third asset): the bounded walk answers.
      prepared.length = 0;
      const spread: AssetQuery = { query: 'blue', sort: 'newest', limit: 5 };
      expect(queryAssets(other, spread).items.map((a) => a.id)).toEqual(expected(spread).ids);
      expect(prepared.some((sql) => sql.includes('AS rid, a.* FROM assets a'))).toBe(true);
    } finally {
      other.close();
    }
  });
});
