import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAssetFields } from '../../electron/core/catalog/assets';
import { openTarget } from '../../electron/core/sync/open-target';
import type { SyncTarget } from '../../electron/core/sync/target-settings';
import { Vault } from '../../electron/core/vault/vault';
import { makeSuiteDir, repoRoot, TEST_PASSPHRASE } from '../helpers/vault';
import { prng } from './sync-fixture';
import { createOrigin, expectConverged, importPhotos, join, pass } from './helpers/pass-devices';

/**
 * `strongroom sync` in a child process, killed with SIGKILL at a random moment (while it uploads, or
 * while it downloads), then run again in this process: the re-run finishes without problems, and
 * the devices end equal. SYNC_KILL_SEED repeats a run.
 */
const seed = Number(process.env.SYNC_KILL_SEED ?? Date.now() % 100_000);
const rand = prng(seed);
let root: string;
beforeAll(() => {
  root = makeSuiteDir('sync-kill');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts `strongroom sync` on a vault and kills it after `ms` (or lets it end first). */
function syncKilledAfter(vaultDir: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/strongroom.mjs'), '--vault', vaultDir, '--passphrase-stdin', 'sync'], {
      env: { ...process.env, STRONGROOM_NO_KEYCHAIN: '1' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    child.stdin.end(`${TEST_PASSPHRASE}\n`);
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ?? `exit ${code}`);
    });
  });
}

async function reopen(dir: string): Promise<Vault> {
  return Vault.open(dir, { kind: 'passphrase', passphrase: TEST_PASSPHRASE }, null);
}

describe(`sync killed at random points (SYNC_KILL_SEED=${seed})`, () => {
  it('a re-run after SIGKILL during upload and during download converges', async () => {
    const remote = path.join(root, 'remote');
    mkdirSync(remote);
    const target: SyncTarget = { kind: 'folder', path: remote };
    const { backend } = await openTarget(target);
    const dirA = path.join(root, 'a');
    const dirB = path.join(root, 'b');
    let { vault: a } = await createOrigin(dirA, target);
    await importPhotos(a, ['320x240.jpg']);
    await pass(a, backend);
    let b = await join(dirB, backend, target, {});
    const ids = await importPhotos(a, ['2569067123_aca715a2ee_o.jpg', 'Channel_digital_image_CMYK_color.jpg', 'gain-map.jpg', 'concert.jpg']);
    const outcomes: string[] = [];
    for (let round = 0; round < 2; round += 1) {
      updateAssetFields(a.db, ids[round]!, { title: `Round ${round}` });
      a.close();
      // tsx's start-up takes about a second, so kill between 0.8 s and 3 s.
      outcomes.push(`up: ${await syncKilledAfter(dirA, 800 + rand.int(2200))}`);
      a = await reopen(dirA);
      await pass(a, backend);
      b.close();
      outcomes.push(`down: ${await syncKilledAfter(dirB, 800 + rand.int(2200))}`);
      b = await reopen(dirB);
      await pass(b, backend);
    }
    try {
      await expectConverged([a, b]);
    } finally {
      a.close();
      b.close();
    }
    // Killed, or finished before the kill came: never a failure exit of its own.
    for (const o of outcomes) expect(o).toMatch(/: (SIGKILL|exit 0)$/);
  }, 240_000);
});
