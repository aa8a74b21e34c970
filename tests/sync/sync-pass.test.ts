import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAsset, setApproval, updateAssetFields } from '../../electron/core/catalog/assets';
import { addToCollection, createCollection } from '../../electron/core/catalog/collections';
import { changeTags } from '../../electron/core/catalog/tags';
import type { SyncBackend } from '../../electron/core/sync/backends/backend';
import { openTarget } from '../../electron/core/sync/open-target';
import type { SyncTarget } from '../../electron/core/sync/target-settings';
import type { Vault } from '../../electron/core/vault/vault';
import { plaintextIn } from '../helpers/plaintext';
import { makeSuiteDir } from '../helpers/vault';
import { createOrigin, expectConverged, importPhotos, join, pass, remoteFiles } from './helpers/pass-devices';
import { S3RVER_CREDENTIALS, startS3rver, type S3rverProcess } from './helpers/s3rver';

/**
 * Three devices of one vault, each in its own folder: the first creates the vault, the others join
 * through the remote (one with the passphrase, one with the recovery key), then all edit concurrently
 * and sync in different orders until their merged state and blobs agree. Once through a folder
 * target, once through s3rver.
 */
let root: string;
let s3: S3rverProcess;
beforeAll(async () => {
  root = makeSuiteDir('sync-pass');
  s3 = await startS3rver();
}, 60_000);
afterAll(async () => {
  await s3?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function scenario(name: string, target: SyncTarget, backend: SyncBackend): Promise<Vault[]> {
  const base = path.join(root, name);
  mkdirSync(base, { recursive: true });
  const { vault: a, recoveryKey } = await createOrigin(path.join(base, 'a'), target);
  const [first] = await importPhotos(a, ['concert.jpg']);
  updateAssetFields(a.db, first!, { title: 'Midnight Gig Poster' });
  const r0 = await pass(a, backend);
  expect(r0.sentBatches).toBeGreaterThan(0);
  expect(r0.snapshot).toMatch(/^snapshots\//);

  const b = await join(path.join(base, 'b'), backend, target, {});
  const c = await join(path.join(base, 'c'), backend, target, { recoveryKey });
  await expectConverged([a, b, c]);
  expect(getAsset(b.db, first!).title).toBe('Midnight Gig Poster');

  // Concurrent edits, offline from one another.
  updateAssetFields(a.db, first!, { title: 'Gig Poster (A)' });
  changeTags(a.db, [first!], ['stagelight'], []);
  updateAssetFields(b.db, first!, { title: 'Gig Poster (B)', sku: 'SKU-B-1' });
  changeTags(b.db, [first!], ['encore'], []);
  const coll = createCollection(b.db, 'Autumn Drop');
  addToCollection(b.db, coll.id, [first!]);
  setApproval(c.db, first!, 1, 'approved');
  const [added] = await importPhotos(c, ['flowers.jpeg']);
  changeTags(c.db, [added!], ['bouquet'], []);

  // Passes in different orders; two rounds carry everything everywhere.
  for (const v of [c, a, b, b, c, a]) await pass(v, backend);
  await expectConverged([a, b, c]);
  const asset = getAsset(a.db, first!);
  expect([...asset.tags].sort()).toEqual(['encore', 'stagelight']);
  expect(await a.blobs.has(getAsset(a.db, added!).versions[0]!.originalBlob)).toBe(true);

  // A pass with nothing new sends and fetches nothing but listings.
  const idle = await pass(a, backend);
  expect([idle.sentBatches, idle.appliedBatches, idle.blobsUploaded, idle.blobsDownloaded]).toEqual([0, 0, 0, 0]);
  return [a, b, c];
}

describe('sync pass', () => {
  it('three devices converge through a folder target; the folder holds no plaintext', async () => {
    const remote = path.join(root, 'folder-remote');
    mkdirSync(remote);
    const target: SyncTarget = { kind: 'folder', path: remote };
    const opened = await openTarget(target);
    const vaults = await scenario('folder', target, opened.backend);
    try {
      const files = remoteFiles(remote);
      const known = ['Midnight', 'Gig Poster', 'stagelight', 'encore', 'bouquet', 'Autumn Drop', 'SKU-B-1', 'concert', 'flowers'];
      for (const [name, bytes] of files) {
        for (const word of known) expect(name.toLowerCase().includes(word.toLowerCase()), name).toBe(false);
        expect(plaintextIn(bytes, known), name).toEqual([]);
      }
      expect([...files.keys()].some((n) => n.startsWith('vault/headers/'))).toBe(true);
      expect([...files.keys()].some((n) => n.startsWith('snapshots/'))).toBe(true);
    } finally {
      for (const v of vaults) v.close();
    }
  }, 240_000);

  it('three devices converge through S3 (s3rver)', async () => {
    const target: SyncTarget = { kind: 's3', endpoint: s3.endpoint, bucket: s3.bucket, prefix: 'pass/', region: 'us-east-1', pathStyle: true, targetId: 'passtest' };
    const opened = await openTarget(target, { credentials: async () => S3RVER_CREDENTIALS });
    try {
      const vaults = await scenario('s3', target, opened.backend);
      for (const v of vaults) v.close();
    } finally {
      opened.close();
    }
  }, 240_000);
});
