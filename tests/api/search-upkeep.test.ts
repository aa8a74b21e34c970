import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../electron/core/api/index';
import { searchIndexSegments } from '../../electron/core/catalog/search-index-merge';
import { createCore } from '../../electron/core/index';
import { call } from '../helpers/api-dispatch';
import { addInSegments } from '../helpers/catalog-records';
import { fixturesDir, makeSuiteDir, TEST_PASSPHRASE } from '../helpers/vault';

/**
 * The API keeps the search index merged behind the UI: on unlock, and after an import, an index left
 * in many segments is merged into one. The segments are made by adding assets one transaction each
 * with FTS5's own merging off (see tests/catalog/search-index-merge.test.ts).
 */
let root: string;
let api: Api;

beforeAll(async () => {
  root = makeSuiteDir('search-upkeep');
  api = createApi(createCore({ keychain: null }), { vaultDir: path.join(root, 'vault') });
  await call(api, 'vault.create', { passphrase: TEST_PASSPHRASE });
});
afterAll(async () => {
  await api.session.lock();
  rmSync(root, { recursive: true, force: true });
});

let added = 0;
function fragmentIndex(count: number): void {
  const db = api.session.requireVault().db;
  addInSegments(db, count, () => {
    added += 1;
    return { title: `Canvas tote ${added}`, sku: `TOTE-${added}`, at: 5000 + added };
  });
}

async function segmentsSettleAt(expected: number): Promise<void> {
  const end = Date.now() + 10_000;
  while (searchIndexSegments(api.session.requireVault().db) !== expected) {
    if (Date.now() > end) throw new Error(`the search index still has ${searchIndexSegments(api.session.requireVault().db)} segments`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('search index upkeep through the API', () => {
  it('merges an index left in many segments after unlock', async () => {
    fragmentIndex(12);
    expect(searchIndexSegments(api.session.requireVault().db)).toBeGreaterThan(8);
    await api.session.lock();
    await call(api, 'vault.unlock', { method: 'passphrase', secret: TEST_PASSPHRASE });
    await segmentsSettleAt(1);
    expect((await call(api, 'assets.list', { query: 'tote' })).total).toBe(12);
  });

  it('merges it again after an import leaves it in many segments', async () => {
    fragmentIndex(12);
    const done = new Promise<void>((resolve) => {
      const stop = api.events.subscribe((event) => {
        if (event === 'ingest.done') {
          stop();
          resolve();
        }
      });
    });
    await call(api, 'ingest.startPaths', { paths: [path.join(fixturesDir, 'photos/flowers.jpeg')] });
    await done;
    await segmentsSettleAt(1);
    expect((await call(api, 'assets.list', { query: 'tote' })).total).toBe(24);
    expect((await call(api, 'assets.list', {})).total).toBe(25);
  });
});
