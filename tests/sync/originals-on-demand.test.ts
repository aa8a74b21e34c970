import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRenditionPresets } from '../../electron/core/catalog/rendition-presets';
import { createCore } from '../../electron/core/index';
import { openTarget } from '../../electron/core/sync/open-target';
import { fetchMissingBlobsFromTarget } from '../../electron/core/sync/originals-on-demand';
import { setKeepOriginals, type SyncTarget } from '../../electron/core/sync/target-settings';
import type { Vault } from '../../electron/core/vault/vault';
import { rejectionOf } from '../helpers/rejection';
import { makeSuiteDir, TEST_PASSPHRASE } from '../helpers/vault';
import { createOrigin, importPhotos, join, pass } from './helpers/pass-devices';

/**
 * Two real vaults through a folder target: B does not keep originals, so it lacks them; reading one
 * (an export, here, and a plain read) fetches it from the target, verified, into B's blob store. With
 * the target gone, the read fails with the sentence that says so.
 */
let root: string;
beforeAll(() => {
  root = makeSuiteDir('originals-on-demand');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('originals on demand', () => {
  it('an export on a device without the originals fetches them from the target; an unreachable target is said clearly', async () => {
    const remote = path.join(root, 'remote');
    mkdirSync(remote);
    const target: SyncTarget = { kind: 'folder', path: remote };
    const { backend } = await openTarget(target);
    const { vault: a } = await createOrigin(path.join(root, 'a'), target);
    const vaults: Vault[] = [a];
    try {
      const [first, second] = await importPhotos(a, ['concert.jpg', 'flowers.jpeg']);
      await pass(a, backend);
      const dirB = path.join(root, 'b');
      const joined = await join(dirB, backend, target, {});
      setKeepOriginals(joined.db, false);
      const originalOf = (v: Vault, assetId: string) =>
        v.db.prepare('SELECT original_blob FROM versions WHERE asset_id = ?').pluck().get(assetId) as string;
      // As a device that never kept them: the originals are not in its store.
      for (const id of [first!, second!]) await joined.blobs.remove(originalOf(joined, id));
      joined.close();

      const core = createCore({ keychain: null });
      // As the CLI opens a vault (cli/context.ts).
      const b = fetchMissingBlobsFromTarget(await core.openVault(dirB, { kind: 'passphrase', passphrase: TEST_PASSPHRASE }), null);
      vaults.push(b);
      const original = originalOf(b, first!);
      expect(await b.blobs.has(original)).toBe(false);
      const outDir = path.join(root, 'export-1');
      mkdirSync(outDir);
      const report = await core.exportAssets(b, { assetIds: [first!], outDir, rendition: listRenditionPresets(b.db)[0]!, watermark: null });
      expect(report.failed).toBe(0);
      expect(report.written).toBe(1);
      expect(readdirSync(outDir)).toHaveLength(1);
      // Fetched, verified against its id, and kept.
      expect(await b.blobs.has(original)).toBe(true);
      expect(await b.blobs.get(original)).toEqual(await a.blobs.get(original));

      // The target is gone (an unplugged drive): the other original cannot come.
      renameSync(remote, `${remote}-away`);
      const missing = originalOf(b, second!);
      const err = await rejectionOf(b.blobs.get(missing));
      expect(err).toMatchObject({ code: 'SYNC_REMOTE', name: 'BlobOnUnreachableTargetError' });
      expect((err as Error).message).toMatch(/^the original is on the sync target, which cannot be reached now \(.*missing/);
      mkdirSync(path.join(root, 'export-2'));
      const failed = await core.exportAssets(b, { assetIds: [second!], outDir: path.join(root, 'export-2'), rendition: listRenditionPresets(b.db)[0]!, watermark: null });
      expect(failed.failed).toBe(1);
      expect(failed.files[0]).toMatchObject({ ok: false, reason: expect.stringMatching(/the original is on the sync target, which cannot be reached now/) as unknown });
      expect(await b.blobs.has(missing)).toBe(false);
      renameSync(`${remote}-away`, remote);

      // Back: the read fetches it.
      expect((await b.blobs.get(missing)).equals(await a.blobs.get(missing))).toBe(true);
    } finally {
      for (const v of vaults) v.close();
    }
  }, 90_000);
});
