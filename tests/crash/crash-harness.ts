/**
 * Shared machinery of the crash-recovery test (tests/crash/crash-recovery.test.ts) and the long soak
 * (scripts/crash-soak.ts): a vault and a corpus of real JPEGs, a child process that ingests into the
 * vault and is SIGKILLed at a random moment, and the checks run on the vault after every kill.
 *
 * Kill timing. Starting the child (node + tsx + native modules + the scrypt unlock) takes longer than
 * ingesting ten small photos, so a delay drawn from spawn time would mostly kill processes that had not
 * started to write. The child therefore prints `ready` once the vault is open, and most kills are timed
 * from that line: uniform over the expected ingest time of the run plus 15 %, so some runs also finish.
 * The expected time comes from a calibration run (per new and per duplicate file) and follows every
 * run that finishes, as load on the machine comes and goes. The other kills (15 %) are timed from spawn,
 * uniform between 50 ms and the whole expected run, to cover start-up and unlock too.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { croppedPhotoSet, prng } from '../../bench/photos';
import { createCore } from '../../electron/core/index';
import { TEMP_PREFIX } from '../../electron/core/fs/atomic';
import type { Vault } from '../../electron/core/vault/vault';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHILD_SCRIPT = path.join(REPO_ROOT, 'tests/crash/ingest-child.ts');
const core = createCore({ keychain: null });

export interface CrashFixture {
  root: string;
  vaultDir: string;
  passphrase: string;
  passphraseFile: string;
  /** checkVault unlocks with this (HKDF, no scrypt: about 0.5 s less per run than the passphrase). */
  recoveryKey: string;
  /** Every file a run may be given: distinct photos, plus byte-identical copies of some of them. */
  images: string[];
  /** SHA-256 of each image file. */
  shaOf: Map<string, string>;
}

export interface FixtureOptions {
  /** Parent folder for the fixture; a fresh folder under the OS temp folder unless told. */
  root?: string;
  imageCount?: number;
  /** Extra files that are byte-identical copies of the first images under other names. */
  copies?: number;
  width?: number;
  height?: number;
  seed?: number;
}

/** Creates the vault (no keychain) and the photos: real JPEGs with texture and edges. */
export async function prepareFixture(options: FixtureOptions = {}): Promise<CrashFixture> {
  const root = options.root ?? (await fsp.mkdtemp(path.join(os.tmpdir(), 'strongroom-crash-')));
  const imageCount = options.imageCount ?? 300;
  const photosDir = path.join(root, 'photos');
  await fsp.mkdir(photosDir, { recursive: true });
  const { files } = await croppedPhotoSet({
    count: imageCount,
    width: options.width ?? 1200,
    height: options.height ?? 800,
    seed: options.seed ?? 11,
    bases: 8,
    dir: photosDir,
    prefix: 'photo',
  });
  const images = [...files];
  for (let i = 0; i < Math.min(options.copies ?? 10, files.length); i += 1) {
    const copy = path.join(photosDir, `copy-of-${path.basename(files[i]!)}`);
    await fsp.copyFile(files[i]!, copy);
    images.push(copy);
  }
  const shaOf = new Map<string, string>();
  for (const file of images) shaOf.set(file, createHash('sha256').update(await fsp.readFile(file)).digest('hex'));
  if (new Set(files.map((f) => shaOf.get(f))).size !== files.length) throw new Error('the generated photos are not all distinct');

  return { root, images, shaOf, ...(await createFixtureVault(path.join(root, 'vault'))) };
}

/** A new, empty vault (passphrase and recovery key, no keychain) for a fixture; the soak starts one per campaign. */
export async function createFixtureVault(
  vaultDir: string,
): Promise<Pick<CrashFixture, 'vaultDir' | 'passphrase' | 'passphraseFile' | 'recoveryKey'>> {
  const passphrase = 'crash test passphrase';
  const passphraseFile = path.join(path.dirname(vaultDir), `${path.basename(vaultDir)}.passphrase`);
  await fsp.mkdir(path.dirname(vaultDir), { recursive: true });
  await fsp.writeFile(passphraseFile, `${passphrase}\n`, { mode: 0o600 });
  const { vault, recoveryKey } = await core.createVault(vaultDir, { passphrase, useKeychain: false });
  vault.close();
  return { vaultDir, passphrase, passphraseFile, recoveryKey };
}

export type KillPlan = { from: 'spawn' | 'ready'; delayMs: number } | null;

export interface ChildRun {
  files: string[];
  plan: KillPlan;
  /** SHA-256 of every image the child said it committed. */
  reported: string[];
  /** ms from spawn to `ready`, if it got there. */
  readyMs: number | null;
  /** ms from spawn to exit. */
  totalMs: number;
  /** The child finished on its own (printed `done` and exited) before any kill. */
  finished: boolean;
  killed: boolean;
  /** Still running after the watchdog's limit (then killed, and reported as a failure). */
  hung: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** No run of ~10 small photos takes this long; a child still alive then is stuck. */
const WATCHDOG_MS = 120_000;

/** Spawns the ingest child on `files`, SIGKILLs it according to `plan`, and waits for it to be gone. */
export function runChild(fixture: CrashFixture, files: string[], plan: KillPlan): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, fixture.vaultDir, fixture.passphraseFile, ...files], {
      cwd: REPO_ROOT,
      env: { ...process.env, STRONGROOM_NO_KEYCHAIN: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ChildRun = {
      files,
      plan,
      reported: [],
      readyMs: null,
      totalMs: 0,
      finished: false,
      killed: false,
      hung: false,
      exitCode: null,
      signal: null,
      stderr: '',
    };
    let timer: NodeJS.Timeout | undefined;
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) run.killed = child.kill('SIGKILL');
    };
    if (plan?.from === 'spawn') timer = setTimeout(kill, plan.delayMs);
    const watchdog = setTimeout(() => {
      run.hung = true;
      kill();
    }, WATCHDOG_MS);
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line === 'ready') {
          run.readyMs = performance.now() - started;
          if (plan?.from === 'ready') timer = setTimeout(kill, plan.delayMs);
        } else if (line.startsWith('committed ')) {
          run.reported.push(line.slice('committed '.length).trim());
        } else if (line.startsWith('done ')) {
          run.finished = true;
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (run.stderr.length < 20_000) run.stderr += chunk;
    });
    child.on('error', reject);
    // 'close' comes after the process was reaped and its pipes drained: every line it wrote is in.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(watchdog);
      run.totalMs = performance.now() - started;
      run.exitCode = code;
      run.signal = signal;
      if (run.killed && signal !== 'SIGKILL') run.killed = false; // the kill raced a normal exit
      resolve(run);
    });
  });
}

/** Every path under `dir` whose name starts with the temp prefix (the vault's own atomic-write temps). */
export async function findTempFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fsp.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.name.startsWith(TEMP_PREFIX)) found.push(path.join(entry.parentPath, entry.name));
  }
  return found;
}

export interface VaultCheck {
  /** Everything that is wrong; empty when the vault survived. */
  failures: string[];
  /** SHA-256 of every version in the catalog after recovery. */
  catalog: Set<string>;
  tempsBeforeOpen: number;
  walBytesBeforeOpen: number;
  /** Blobs on disk that no catalog row refers to (orphans of killed imports, removed by gc). */
  unreferenced: number;
  blobsChecked: number;
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await fsp.stat(file)).size;
  } catch {
    return 0;
  }
}

function catalogShas(vault: Vault): string[] {
  return (vault.db.prepare('SELECT sha256 FROM versions').all() as { sha256: string }[]).map((r) => r.sha256);
}

/**
 * Opens the vault as the app would after a crash (opening runs recovery) and checks it:
 * verifyVault finds no problem; every SHA-256 in `mustContain` (reported committed by a child, or seen
 * in the catalog at an earlier check) is there; every blob a catalog row names exists; every version has
 * all its renditions and its metadata row (a commit is all or nothing); nothing in the catalog is
 * foreign to the corpus; no temp file is left anywhere under the vault.
 */
export async function checkVault(fixture: CrashFixture, mustContain: Iterable<string>): Promise<VaultCheck> {
  const failures: string[] = [];
  const tempsBeforeOpen = (await findTempFiles(fixture.vaultDir)).length;
  const walBytesBeforeOpen = await fileSize(path.join(fixture.vaultDir, 'catalog.db-wal'));
  // The child unlocks with the passphrase, as the app does; the check uses the recovery key for speed
  // (recovery runs on every open, whichever way the vault is unlocked).
  const vault = await core.openVault(fixture.vaultDir, { kind: 'recovery', recoveryKey: fixture.recoveryKey });
  try {
    const report = await core.verify(vault);
    for (const p of report.problems) failures.push(`verify: ${p.kind} ${p.subject}: ${p.message}`);

    const shas = catalogShas(vault);
    const catalog = new Set(shas);
    if (catalog.size !== shas.length) failures.push(`catalog holds ${shas.length - catalog.size} duplicate SHA-256 value(s)`);
    for (const sha of mustContain) if (!catalog.has(sha)) failures.push(`committed image ${sha} is missing from the catalog`);
    const known = new Set(fixture.shaOf.values());
    for (const sha of catalog) if (!known.has(sha)) failures.push(`catalog holds ${sha}, which is no image of the corpus`);

    const referenced = vault.db
      .prepare('SELECT original_blob AS id FROM versions UNION SELECT blob_id AS id FROM derived_blobs')
      .all() as { id: string }[];
    for (const { id } of referenced) {
      if (!(await vault.blobs.has(id))) failures.push(`catalog refers to blob ${id}, which is not on disk`);
    }
    const incomplete = vault.db
      .prepare(
        `SELECT v.sha256 FROM versions v
         WHERE (SELECT count(*) FROM derived_blobs d WHERE d.version_id = v.id AND d.kind IN ('thumb', 'preview')) <> 2
            OR NOT EXISTS (SELECT 1 FROM metadata m WHERE m.version_id = v.id)
            OR NOT EXISTS (SELECT 1 FROM assets a WHERE a.id = v.asset_id)`,
      )
      .all() as { sha256: string }[];
    for (const { sha256 } of incomplete) failures.push(`version ${sha256} is incomplete (renditions, metadata or asset missing)`);

    const temps = await findTempFiles(fixture.vaultDir);
    for (const t of temps) failures.push(`temp file left after opening: ${path.relative(fixture.vaultDir, t)}`);

    return {
      failures,
      catalog,
      tempsBeforeOpen,
      walBytesBeforeOpen,
      unreferenced: report.unreferenced.length,
      blobsChecked: report.blobsChecked,
    };
  } finally {
    vault.close();
  }
}

export interface GcCheck {
  failures: string[];
  unreferencedBefore: number;
  removedBlobs: number;
  blobsAfter: number;
}

/** gc with no grace period must remove exactly the orphans, and leave a vault that still verifies. */
export async function checkGarbageCollection(fixture: CrashFixture, mustContain: Iterable<string>): Promise<GcCheck> {
  const failures: string[] = [];
  const vault = await core.openVault(fixture.vaultDir, { kind: 'passphrase', passphrase: fixture.passphrase });
  try {
    const before = await core.verify(vault);
    const gc = await core.collectGarbage(vault, { graceMs: 0 });
    if (gc.removedBlobs !== before.unreferenced.length) {
      failures.push(`gc removed ${gc.removedBlobs} blobs, but ${before.unreferenced.length} were unreferenced`);
    }
    if (gc.keptRecent !== 0) failures.push(`gc kept ${gc.keptRecent} recent blobs despite graceMs 0`);
    const after = await core.verify(vault);
    for (const p of after.problems) failures.push(`verify after gc: ${p.kind} ${p.subject}: ${p.message}`);
    if (after.unreferenced.length !== 0) failures.push(`${after.unreferenced.length} unreferenced blobs remain after gc`);
    const catalog = new Set(catalogShas(vault));
    for (const sha of mustContain) if (!catalog.has(sha)) failures.push(`image ${sha} is missing from the catalog after gc`);
    let blobsAfter = 0;
    for await (const _ of vault.blobs.list()) blobsAfter += 1;
    if (blobsAfter !== after.blobsChecked) failures.push(`${blobsAfter} blobs on disk but the catalog refers to ${after.blobsChecked}`);
    return { failures, unreferencedBefore: before.unreferenced.length, removedBlobs: gc.removedBlobs, blobsAfter };
  } finally {
    vault.close();
  }
}

export interface CampaignOptions {
  runs: number;
  seed: number;
  /** About this many files per run (±3); a mix of new and already-imported ones. */
  filesPerRun?: number;
  /** Stop at the first run whose checks fail (later runs would only repeat the damage). */
  stopOnFailure?: boolean;
  log?: (line: string) => void;
}

export interface RunRecord {
  run: number;
  files: number;
  newFiles: number;
  plan: KillPlan;
  /** The child had the vault open (printed `ready`). */
  ready: boolean;
  killed: boolean;
  finished: boolean;
  reported: number;
  /**
   * Versions this run added that the child never reported: it was killed after the commit reached the
   * WAL but before it printed the line, nearly always while SQLite was syncing the commit.
   */
  unreportedCommits: number;
  tempsBeforeOpen: number;
  walBytesBeforeOpen: number;
  unreferenced: number;
  versions: number;
  childMs: number;
  checkMs: number;
  failures: string[];
  stderr: string;
}

export interface CampaignResult {
  seed: number;
  records: RunRecord[];
  /** `run N: message` for every failed check. */
  failures: string[];
  committed: Set<string>;
  calibration: { readyMs: number; perNewFileMs: number; perDuplicateMs: number };
  gc: GcCheck | null;
  elapsedMs: number;
}

function pickRunFiles(rand: () => number, fixture: CrashFixture, inCatalog: Set<string>, target: number): { files: string[]; newFiles: number } {
  const shuffled = [...fixture.images];
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const fresh = shuffled.filter((f) => !inCatalog.has(fixture.shaOf.get(f)!));
  const old = shuffled.filter((f) => inCatalog.has(fixture.shaOf.get(f)!));
  // Mostly new images (the interesting writes), some already imported (the duplicate path). About five
  // new ones a run, of which about half get committed before the kill: 300 photos last 100+ runs.
  const wantNew = Math.min(fresh.length, Math.max(1, Math.round(target * (0.3 + rand() * 0.5))));
  const files = [...fresh.slice(0, wantNew), ...old.slice(0, target - wantNew)];
  if (files.length < target) files.push(...fresh.slice(wantNew, wantNew + target - files.length));
  for (let i = files.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [files[i], files[j]] = [files[j]!, files[i]!];
  }
  const newShas = new Set(files.map((f) => fixture.shaOf.get(f)!).filter((s) => !inCatalog.has(s)));
  return { files, newFiles: newShas.size };
}

/**
 * Run 0 ingests without a kill to calibrate; every later run is killed at a random moment (see the
 * header) and followed by checkVault. Ends with checkGarbageCollection.
 */
export async function runCampaign(fixture: CrashFixture, options: CampaignOptions): Promise<CampaignResult> {
  const started = performance.now();
  const rand = prng(options.seed);
  const log = options.log ?? (() => undefined);
  const target = options.filesPerRun ?? 10;
  const stopOnFailure = options.stopOnFailure ?? true;
  const committed = new Set<string>();
  const records: RunRecord[] = [];
  const failures: string[] = [];
  let inCatalog = new Set<string>();
  const calibration = { readyMs: 1500, perNewFileMs: 150, perDuplicateMs: 5 };

  for (let run = 0; run < options.runs; run += 1) {
    const size = Math.max(1, target + Math.floor(rand() * 7) - 3);
    const { files, newFiles } = pickRunFiles(rand, fixture, inCatalog, size);
    let plan: KillPlan = null;
    if (run > 0) {
      const ingestMs = newFiles * calibration.perNewFileMs + (files.length - newFiles) * calibration.perDuplicateMs + 50;
      plan =
        rand() < 0.15
          ? { from: 'spawn', delayMs: 50 + rand() * (calibration.readyMs + ingestMs - 50) }
          : { from: 'ready', delayMs: rand() * ingestMs * 1.15 };
    }
    const child = await runChild(fixture, files, plan);
    for (const sha of child.reported) committed.add(sha);
    const runFailures: string[] = [];
    if (child.hung) runFailures.push(`the child was still running after ${WATCHDOG_MS / 1000} s: ${child.stderr.trim().slice(0, 2000)}`);
    else if (!child.killed && !child.finished) {
      runFailures.push(`the child failed on its own (exit ${child.exitCode ?? child.signal}): ${child.stderr.trim().slice(0, 2000)}`);
    }
    if (child.finished && child.exitCode !== 0 && !child.killed) {
      runFailures.push(`the child exited with ${child.exitCode ?? child.signal}: ${child.stderr.trim().slice(0, 2000)}`);
    }
    if (run === 0) {
      if (child.readyMs === null || !child.finished) throw new Error(`calibration run failed: ${child.stderr}`);
      calibration.readyMs = child.readyMs;
      calibration.perNewFileMs = (child.totalMs - child.readyMs) / Math.max(1, newFiles);
    } else if (child.finished && child.readyMs !== null && newFiles >= 3) {
      // Follow the machine's speed (load comes and goes), so the kills keep landing inside the ingest.
      const observed = (child.totalMs - child.readyMs) / newFiles;
      calibration.perNewFileMs = 0.7 * calibration.perNewFileMs + 0.3 * observed;
      calibration.readyMs = 0.7 * calibration.readyMs + 0.3 * child.readyMs;
    }
    const checkStarted = performance.now();
    const inCatalogBefore = inCatalog.size;
    const check = await checkVault(fixture, new Set([...committed, ...inCatalog]));
    runFailures.push(...check.failures);
    inCatalog = check.catalog;
    const record: RunRecord = {
      run,
      files: files.length,
      newFiles,
      plan,
      ready: child.readyMs !== null,
      killed: child.killed,
      finished: child.finished,
      reported: child.reported.length,
      unreportedCommits: check.catalog.size - inCatalogBefore - child.reported.length,
      tempsBeforeOpen: check.tempsBeforeOpen,
      walBytesBeforeOpen: check.walBytesBeforeOpen,
      unreferenced: check.unreferenced,
      versions: check.catalog.size,
      childMs: child.totalMs,
      checkMs: performance.now() - checkStarted,
      failures: runFailures,
      stderr: child.stderr,
    };
    records.push(record);
    const planText = plan ? `kill ${plan.from}+${plan.delayMs.toFixed(0)}ms` : 'no kill';
    log(
      `run ${String(run).padStart(3)}: ${files.length} files (${newFiles} new), ${planText}, ` +
        `${child.killed ? 'killed' : 'finished'} after ${child.totalMs.toFixed(0)} ms, ${child.reported.length} committed, ` +
        `${record.unreportedCommits ? `${record.unreportedCommits} unreported, ` : ''}` +
        `temps ${check.tempsBeforeOpen}, orphans ${check.unreferenced}, versions ${check.catalog.size}` +
        (runFailures.length ? `  FAILED: ${runFailures.length} problem(s)` : ''),
    );
    for (const f of runFailures) failures.push(`run ${run}: ${f}`);
    if (runFailures.length && stopOnFailure) break;
  }

  let gc: GcCheck | null = null;
  if (failures.length === 0) {
    gc = await checkGarbageCollection(fixture, inCatalog);
    for (const f of gc.failures) failures.push(`gc: ${f}`);
    log(`gc: ${gc.unreferencedBefore} unreferenced before, ${gc.removedBlobs} removed, ${gc.blobsAfter} blobs left`);
  }
  return { seed: options.seed, records, failures, committed, calibration, gc, elapsedMs: performance.now() - started };
}

export interface CrashSummary {
  runs: number;
  killed: number;
  finishedBeforeKill: number;
  killedBeforeReady: number;
  killedWithTempFiles: number;
  killedAfterSomeCommits: number;
  killedInsideCommit: number;
  killedWithUncommittedBlobs: number;
  versions: number;
  committedReported: number;
  orphansBeforeGc: number;
}

/** Counts of where the kills landed, for the summary lines of the test and the soak. */
export function summarize(result: CampaignResult): CrashSummary {
  const r = result.records;
  return {
    runs: r.length,
    killed: r.filter((x) => x.killed).length,
    finishedBeforeKill: r.filter((x) => x.run > 0 && !x.killed).length,
    killedBeforeReady: r.filter((x) => x.killed && !x.ready).length,
    killedWithTempFiles: r.filter((x) => x.killed && x.tempsBeforeOpen > 0).length,
    killedAfterSomeCommits: r.filter((x) => x.killed && x.reported > 0).length,
    killedInsideCommit: r.filter((x) => x.killed && x.unreportedCommits > 0).length,
    killedWithUncommittedBlobs: r.filter((x, i) => x.killed && x.unreferenced > (i > 0 ? r[i - 1]!.unreferenced : 0)).length,
    versions: r.at(-1)?.versions ?? 0,
    committedReported: result.committed.size,
    orphansBeforeGc: result.gc?.unreferencedBefore ?? -1,
  };
}
