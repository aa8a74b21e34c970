import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAssetFields } from '../../electron/core/catalog/assets';
import { FOLDER_TEMP_DIR, openFolderBackend } from '../../electron/core/sync/backends/folder-backend';
import { openTarget } from '../../electron/core/sync/open-target';
import type { SyncTarget } from '../../electron/core/sync/target-settings';
import { Vault } from '../../electron/core/vault/vault';
import { makeSuiteDir, repoRoot, TEST_PASSPHRASE } from '../helpers/vault';
import { prng } from './sync-fixture';
import { createOrigin, expectConverged, importPhotos, join, pass } from './helpers/pass-devices';

/**
 * `strongroom sync` in a child process, killed with SIGKILL while it uploads blobs, or while it
 * downloads them, then run again in this process: the re-run finishes without problems, and the
 * devices end equal. The kill is timed by watching the blob files appear (on the target while A
 * uploads, in B's blob store while B downloads) and lands after a random number of them, and the test
 * checks that the kill was sent midway: some of the round's blobs were there when it was sent, some not.
 * A folder target publishes its objects by group commit, so a small round's blobs may land all at once:
 * there the upload's progress is the objects that started (temp files seen on the target, counted
 * once each) plus those published, and the kill lands after a random number of starts: before any
 * group commit, between two, or while one publishes.
 * SYNC_KILL_SEED repeats a run.
 */
const seed = Number(process.env.SYNC_KILL_SEED ?? Date.now() % 100_000);
const rand = prng(seed);
let root: string;
beforeAll(() => {
  root = makeSuiteDir('sync-kill');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Complete blob files under a blob folder (the target's `blobs/` or a vault's blob store): `<2 hex>/<64 hex>`. */
function blobFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const shard of readdirSync(dir)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    n += readdirSync(path.join(dir, shard)).filter((f) => /^[0-9a-f]{64}$/.test(f)).length;
  }
  return n;
}

interface KillOutcome {
  /** How the child ended: SIGKILL, or `exit N` if it finished first. */
  end: string;
  /** New blob files seen when the kill was sent. */
  seenAtKill: number;
  /** Objects seen starting (temp files on a folder target, each counted once) when the kill was sent. */
  startedAtKill: number;
}

/** The watched blob folder, and for an upload to a folder target, its temp folder. */
interface KillWatch {
  blobs: string;
  temps?: string;
}

/**
 * Starts `strongroom sync` on a vault and kills it once its progress reached `killAfter`: new blob files
 * in `watch.blobs`, or with `watch.temps`, objects seen starting there (a group commit may publish a
 * whole small round at once, so published files alone would leave no point to kill at).
 */
function syncKilledAfter(vaultDir: string, watch: KillWatch, killAfter: number): Promise<KillOutcome> {
  const before = blobFiles(watch.blobs);
  const started = new Set<string>();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/strongroom.mjs'), '--vault', vaultDir, '--passphrase-stdin', 'sync'], {
      env: { ...process.env, STRONGROOM_NO_KEYCHAIN: '1' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    child.stdin.end(`${TEST_PASSPHRASE}\n`);
    let seenAtKill = -1;
    const poll = setInterval(() => {
      const seen = blobFiles(watch.blobs) - before;
      if (watch.temps && existsSync(watch.temps)) for (const name of readdirSync(watch.temps)) started.add(name);
      const progress = watch.temps ? started.size : seen;
      if (progress >= killAfter && seenAtKill < 0) {
        seenAtKill = seen;
        child.kill('SIGKILL');
      }
    }, 2);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ end: signal ?? `exit ${code}`, seenAtKill, startedAtKill: started.size });
    });
  });
}

async function reopen(dir: string): Promise<Vault> {
  return Vault.open(dir, { kind: 'passphrase', passphrase: TEST_PASSPHRASE }, null);
}

const ROUNDS = [
  ['2569067123_aca715a2ee_o.jpg', 'Channel_digital_image_CMYK_color.jpg'],
  ['gain-map.jpg', 'concert.jpg'],
];

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
    const outcomes: string[] = [];
    for (const photos of ROUNDS) {
      const blobsBefore = blobFiles(path.join(dirA, 'blobs'));
      const ids = await importPhotos(a, photos);
      updateAssetFields(a.db, ids[0]!, { title: `Round of ${photos[0]}` });
      // Each photo brings its original and its renditions (a small one may share one).
      const newBlobs = blobFiles(path.join(dirA, 'blobs')) - blobsBefore;
      expect(newBlobs).toBeGreaterThanOrEqual(4);
      a.close();

      const onRemoteBefore = blobFiles(path.join(remote, 'blobs'));
      // The round's puts: one op batch, then its blobs (each a temp file first).
      const temps = path.join(remote, FOLDER_TEMP_DIR);
      const up = await syncKilledAfter(dirA, { blobs: path.join(remote, 'blobs'), temps }, 2 + rand.int(newBlobs));
      const upLanded = blobFiles(path.join(remote, 'blobs')) - onRemoteBefore;
      outcomes.push(`up: ${up.end} sent after ${up.startedAtKill} puts started and ${up.seenAtKill} of ${newBlobs} blobs on the target, ${upLanded} there after the kill`);
      // The kill was sent while the round's blobs were still moving (the ones in flight may finish before it lands).
      expect(up.end, outcomes.join('; ')).toBe('SIGKILL');
      expect(up.startedAtKill, outcomes.join('; ')).toBeGreaterThanOrEqual(2);
      expect(up.seenAtKill, outcomes.join('; ')).toBeLessThan(newBlobs);
      // The killed writer's temp files go as soon as the folder is opened again on this machine.
      await openFolderBackend(remote);
      expect(existsSync(temps) ? readdirSync(temps) : []).toEqual([]);
      a = await reopen(dirA);
      expect((await pass(a, backend)).problems).toEqual([]);
      expect(blobFiles(path.join(remote, 'blobs')) - onRemoteBefore).toBe(newBlobs);

      b.close();
      const atBBefore = blobFiles(path.join(dirB, 'blobs'));
      const down = await syncKilledAfter(dirB, { blobs: path.join(dirB, 'blobs') }, 1 + rand.int(Math.floor(newBlobs / 3)));
      const downLanded = blobFiles(path.join(dirB, 'blobs')) - atBBefore;
      outcomes.push(`down: ${down.end} sent after ${down.seenAtKill} of ${newBlobs} blobs in B, ${downLanded} there after the kill`);
      // The kill was sent while the round's blobs were still moving (the ones in flight may finish before it lands).
      expect(down.end, outcomes.join('; ')).toBe('SIGKILL');
      expect(down.seenAtKill, outcomes.join('; ')).toBeGreaterThanOrEqual(1);
      expect(down.seenAtKill, outcomes.join('; ')).toBeLessThan(newBlobs);
      b = await reopen(dirB);
      expect((await pass(b, backend)).problems).toEqual([]);
      expect(blobFiles(path.join(dirB, 'blobs')) - atBBefore).toBe(newBlobs);
    }
    console.log(`sync-kill (SYNC_KILL_SEED=${seed}): ${outcomes.join('; ')}`);
    try {
      await expectConverged([a, b]);
    } finally {
      a.close();
      b.close();
    }
  }, 240_000);
});
