import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { updateAssetFields } from '../electron/core/catalog/assets';
import { createCore } from '../electron/core/index';
import { joinVault } from '../electron/core/sync/join';
import { openTarget } from '../electron/core/sync/open-target';
import { runSyncPass } from '../electron/core/sync/sync-pass';
import { writeSyncTarget, type SyncTarget } from '../electron/core/sync/target-settings';
import { Vault } from '../electron/core/vault/vault';
import { prng } from './photos';

/**
 * Edit latency between two running devices: A and B each run `strongroom sync --watch --interval S`
 * as a child process on one folder target. The bench edits a title in A's catalog (as the app would,
 * from another process), then polls B's catalog until the title is there.
 */
const BIN = path.join(import.meta.dirname, '..', 'bin', 'strongroom.mjs');

interface Watcher {
  child: ChildProcess;
  passes: () => number;
  exited: Promise<number | null>;
}

function startWatcher(vaultDir: string, passphrase: string, intervalSeconds: number): Watcher {
  const child = spawn(process.execPath, [BIN, '--vault', vaultDir, '--passphrase-stdin', 'sync', '--watch', '--interval', String(intervalSeconds)], {
    env: { ...process.env, STRONGROOM_NO_KEYCHAIN: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin!.end(`${passphrase}\n`);
  let passes = 0;
  let errors = '';
  child.stdout!.on('data', (d: Buffer) => (passes += d.toString().split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l)).length));
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => {
    if (code !== 0 && code !== null && errors) process.stderr.write(`watcher for ${vaultDir} exited ${code}: ${errors}\n`);
  });
  return { child, passes: () => passes, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, timeoutMs: number, stepMs = 10): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) return false;
    await sleep(stepMs);
  }
  return true;
}

export interface LatencyResult {
  latenciesMs: number[];
}

export async function measureEditLatency(options: { scratch: string; passphrase: string; photo: string; edits: number; intervalSeconds: number; log: (line: string) => void }): Promise<LatencyResult> {
  const remote = path.join(options.scratch, 'remote');
  await fsp.mkdir(remote);
  const target: SyncTarget = { kind: 'folder', path: remote };
  const opened = await openTarget(target);
  const { vault: a } = await Vault.create(path.join(options.scratch, 'a'), { passphrase: options.passphrase, keychain: null });
  let b: Vault | undefined;
  const watchers: Watcher[] = [];
  try {
    writeSyncTarget(a.db, target);
    const report = await createCore({ keychain: null }).ingest(a, [{ kind: 'file', path: options.photo }]);
    const assetId = report.imported[0]!.assetId;
    await runSyncPass(a, opened.backend);
    const joined = await joinVault(path.join(options.scratch, 'b'), opened.backend, target, { kind: 'passphrase', passphrase: options.passphrase });
    if (joined.passError) throw joined.passError;
    b = joined.vault;
    const titleOnB = b.db.prepare('SELECT title FROM assets WHERE id = ?').pluck();
    for (const dir of [a.dir, b.dir]) watchers.push(startWatcher(dir, options.passphrase, options.intervalSeconds));
    if (!(await until(() => watchers.every((w) => w.passes() > 0), 60_000, 100))) throw new Error('the watchers did not finish their first pass in 60 s');
    const rand = prng(42);
    const latenciesMs: number[] = [];
    for (let i = 0; i < options.edits; i += 1) {
      // Edits land at random points of the watchers' cycles.
      await sleep(rand() * options.intervalSeconds * 1000);
      const title = `Edited on A, round ${i}`;
      updateAssetFields(a.db, assetId, { title });
      const started = performance.now();
      if (!(await until(() => titleOnB.get(assetId) === title, options.intervalSeconds * 4000 + 30_000))) throw new Error(`edit ${i} did not reach B`);
      latenciesMs.push(performance.now() - started);
      options.log(`    edit ${i + 1}: ${(latenciesMs.at(-1)! / 1000).toFixed(2)} s`);
    }
    return { latenciesMs };
  } finally {
    for (const w of watchers) w.child.kill('SIGINT');
    await Promise.all(watchers.map((w) => Promise.race([w.exited, sleep(10_000)])));
    for (const w of watchers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    a.close();
    b?.close();
  }
}
