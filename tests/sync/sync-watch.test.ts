import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAssetFields } from '../../electron/core/catalog/assets';
import { openTarget } from '../../electron/core/sync/open-target';
import type { SyncTarget } from '../../electron/core/sync/target-settings';
import { Vault } from '../../electron/core/vault/vault';
import { makeSuiteDir, repoRoot, TEST_PASSPHRASE } from '../helpers/vault';
import { createOrigin, expectConverged, importPhotos, join, pass } from './helpers/pass-devices';

let root: string;
beforeAll(() => {
  root = makeSuiteDir('sync-watch');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('strongroom sync --watch', () => {
  it('picks up another device\'s changes on its interval and stops cleanly on SIGINT', async () => {
    const remote = path.join(root, 'remote');
    mkdirSync(remote);
    const target: SyncTarget = { kind: 'folder', path: remote };
    const { backend } = await openTarget(target);
    const { vault: a } = await createOrigin(path.join(root, 'a'), target);
    const [asset] = await importPhotos(a, ['concert.jpg']);
    await pass(a, backend);
    const dirB = path.join(root, 'b');
    (await join(dirB, backend, target, {})).close();

    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/strongroom.mjs'), '--vault', dirB, '--passphrase-stdin', 'sync', '--watch', '--interval', '1'], {
      env: { ...process.env, STRONGROOM_NO_KEYCHAIN: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(`${TEST_PASSPHRASE}\n`);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Wait for its first pass, then change A and let B's watch bring it in.
    const until = async (cond: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      return cond();
    };
    expect(await until(() => /Sent \d+ batch/.test(stdout), 30_000), stdout).toBe(true);
    updateAssetFields(a.db, asset!, { title: 'Changed while B watches' });
    await pass(a, backend);
    expect(await until(() => /applied [1-9]\d* \(/.test(stdout), 30_000), stdout).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const b = await Vault.open(dirB, { kind: 'passphrase', passphrase: TEST_PASSPHRASE }, null);
    try {
      await expectConverged([a, b]);
    } finally {
      a.close();
      b.close();
    }
  }, 120_000);
});
