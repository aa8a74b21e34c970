/**
 * Sync benchmarks (issue 6 §6): `npm run bench:sync` (= node --expose-gc --import tsx bench/sync-bench.ts).
 * Prints figures; nothing here passes or fails. Results are recorded in bench/README-sync.md.
 *
 *   (a) transfer: 200 photo-like JPEGs of ~3 MB imported into a vault, then one `sync` pass of that vault
 *       to a fresh folder target against `rclone sync` of the same files to a `crypt` remote over a local
 *       folder, rounds alternated; plus the disk's durable write speed, the ceiling for both;
 *   (b) a new device joining a 10,000-asset vault: time until the grid's first page (newest first) has
 *       its thumbnails on the device;
 *   (c) edit latency: two devices each running `strongroom sync --watch` on one folder target; a title
 *       edited on A, B's catalog polled until it shows it.
 *
 *   --photos N        photos in (a) (200)
 *   --rounds N        rounds per side in (a) (2; alternating ours, rclone, rclone, ours, …)
 *   --concurrency N   objects moving at once in our pass (the engine's default unless given)
 *   --assets N        assets in the vault of (b) (10000)
 *   --first-page N    assets in the grid's first page for (b) (100)
 *   --edits N         edits in (c) (10)
 *   --interval S      the watch interval of both devices in (c) (5)
 *   --only NAME       run one part: transfer, join or latency
 *   --ours-only       (a) without rclone or the disk figures (for node --cpu-prof)
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median, MiB, mib, rate, ratio, seconds, table } from './format';
import { croppedPhotoSet } from './photos';
import { measureDurableWrites, measureGcmRecords, measurePassFloor } from './sync-disk';
import { rcloneAvailable, runRcloneCrypt, type RcloneRun } from './sync-rclone';
import { cachedThumbnailVault, timeJoin } from './sync-join';
import { measureEditLatency } from './sync-latency';
import { flushDisk, importedVault, runOurSync, type OurRun } from './sync-transfer';
import { FOLDER_CONCURRENCY } from '../electron/core/sync/open-target';

const { values } = parseArgs({
  options: {
    photos: { type: 'string' },
    rounds: { type: 'string' },
    concurrency: { type: 'string' },
    assets: { type: 'string' },
    'first-page': { type: 'string' },
    edits: { type: 'string' },
    interval: { type: 'string' },
    only: { type: 'string' },
    'ours-only': { type: 'boolean' },
  },
});
const PASSPHRASE = 'sync bench passphrase';
const TARGET_RATIO = 1.6;
const photoCount = Number(values.photos ?? 200);
const rounds = Number(values.rounds ?? 2);
const concurrency = values.concurrency ? Number(values.concurrency) : undefined;
const only = values.only;

const out = (line = '') => process.stdout.write(`${line}\n`);
const loadAvg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const mbps = (bytes: number, ms: number) => rate(bytes / (ms / 1000));

async function transferPart(scratch: string): Promise<void> {
  out(`(a) Transfer: ${photoCount} photos to a fresh folder target, ours against rclone crypt`);
  // Photos first: the engine's decoder configuration (set by ingest) blocks the SVG loader the generator uses.
  const made = performance.now();
  const { files } = await croppedPhotoSet({ count: photoCount, width: 4000, height: 3000, quality: 85 });
  const photoBytes = (await Promise.all(files.map((f) => fsp.stat(f)))).reduce((s, st) => s + st.size, 0);
  out(`  photos      ${files.length} × 4000×3000 JPEG q85, ${mib(photoBytes)} (${(photoBytes / files.length / 1e6).toFixed(2)} MB each on average), ready in ${seconds(performance.now() - made)}`);
  // rclone syncs a folder: give it exactly these files.
  const source = path.join(scratch, 'photos');
  await fsp.mkdir(source);
  for (const f of files) await fsp.copyFile(f, path.join(source, path.basename(f)));

  const { dir: vaultDir, ingestMs, contents } = await importedVault(PASSPHRASE, files);
  out(
    `  vault       ${contents.assets} assets ${ingestMs === null ? '(cached import)' : `imported in ${seconds(ingestMs)}`}: originals ${mib(contents.originalBytes)}, thumbnails ${mib(contents.thumbBytes)}, ` +
      `previews ${mib(contents.previewBytes)}; ${contents.blobPaths.length} blob files, ${mib(contents.blobFileBytes)} (encrypted)`,
  );

  if (!values['ours-only']) {
    await flushDisk();
    out(`  load        ${loadAvg()} before the disk figures`);
    const disk = await measureDurableWrites(path.join(scratch, 'disk'), { largeBytes: 512 * MiB, smallFiles: photoCount, smallBytes: Math.round(photoBytes / photoCount), concurrency: concurrency ?? 4 });
    out(`  disk        one ${mib(disk.largeBytes, 0)} file written + fsync: ${mbps(disk.largeBytes, disk.largeMs)}`);
    out(`              ${disk.smallFiles} files of ${mib(disk.smallBytes / disk.smallFiles, 2)} each temp → fsync → rename → fsync folder, ${concurrency ?? 4} at once: ${mbps(disk.smallBytes, disk.smallMs)}`);
    out(`  cpu         AES-256-GCM decryption in 64 KiB records (the upload's verification), one thread: ${(measureGcmRecords() / MiB).toFixed(0)} MiB/s`);
  }

  const withRclone = !values['ours-only'] && (await rcloneAvailable()) !== null;
  if (!values['ours-only'] && !withRclone) out('  rclone      not installed (Debian: apt-get install rclone): ours only');
  const ours: OurRun[] = [];
  const theirs: RcloneRun[] = [];
  // Our pass's floor: its blob files put by the folder backend with a verification that accepts
  // everything, in every round beside the two sides, so all three meet the same state of the disk.
  const floors: number[] = [];
  const copyConcurrency = concurrency ?? FOLDER_CONCURRENCY;
  const sides = ['ours', ...(withRclone ? ['rclone'] : []), ...(values['ours-only'] ? [] : ['floor'])];
  // Each round starts with the next side, so none always runs first (after the disk figures' writes).
  const order = Array.from({ length: rounds }, (_, round) => sides.map((_, i) => sides[(round + i) % sides.length]!)).flat();
  let n = 0;
  for (const side of order) {
    const dir = path.join(scratch, `run-${n++}`);
    await fsp.mkdir(dir);
    const load = loadAvg();
    if (side === 'floor') {
      await flushDisk();
      const copied = await measurePassFloor(contents.blobPaths, dir, copyConcurrency);
      floors.push(copied.ms);
      out(`  floor       ${seconds(copied.ms)}  ${mbps(copied.bytes, copied.ms)}: the ${copied.files} blob files (${mib(copied.bytes)}) put by the folder backend unverified, ${copyConcurrency} at once  (load ${load})`);
    } else if (side === 'ours') {
      const r = await runOurSync({ vaultDir, scratch: dir, passphrase: PASSPHRASE, concurrency });
      ours.push(r);
      out(`  ours        ${seconds(r.ms)}  ${mbps(contents.originalBytes, r.ms)} on the originals' bytes, ${mbps(r.report.bytesUp, r.ms)} sent, CPU ${seconds(r.cpuMs)}  (load ${load})`);
    } else {
      await flushDisk();
      const r = await runRcloneCrypt({ source, destination: path.join(dir, 'remote'), configFile: path.join(dir, 'rclone.conf'), transfers: concurrency ?? 4 });
      theirs.push(r);
      out(`  rclone      ${seconds(r.ms)}  ${mbps(photoBytes, r.ms)}; with sync -f after: ${seconds(r.durableMs)}  ${mbps(photoBytes, r.durableMs)}  (load ${load})`);
    }
    await fsp.rm(dir, { recursive: true, force: true });
  }
  const best = <T>(xs: T[], key: (x: T) => number) => xs.reduce((a, b) => (key(b) < key(a) ? b : a));
  const o = best(ours, (r) => r.ms);
  out();
  out('  what each side wrote (best round):');
  const rows: (string | number)[][] = [...o.remote.byPrefix].sort().map(([prefix, c]) => [`ours: ${prefix}/`, c.files, mib(c.bytes)]);
  rows.push(['ours: total', o.remote.files, mib(o.remote.bytes)]);
  if (theirs.length > 0) {
    const t = best(theirs, (r) => r.ms);
    rows.push([`rclone (${t.version}) crypt files`, t.files, mib(t.bytesWritten)]);
  }
  out(table(['', 'files', 'bytes'], rows).replace(/^/gm, '    '));
  out(`    ours: ${o.report.sentBatches} op batches, ${o.report.blobsUploaded} blobs, snapshot ${o.report.snapshot ? 'yes' : 'no'}; bytes sent ${mib(o.report.bytesUp)}`);
  if (theirs.length > 0) {
    const t = best(theirs, (r) => r.ms);
    const td = best(theirs, (r) => r.durableMs);
    out();
    out(`  ours    best ${seconds(o.ms)}: ${mbps(contents.originalBytes, o.ms)} on the originals' ${mib(contents.originalBytes)} (durable at return)`);
    out(`  rclone  best ${seconds(t.ms)}: ${mbps(photoBytes, t.ms)} (not durable); best with sync -f ${seconds(td.durableMs)}: ${mbps(photoBytes, td.durableMs)}`);
    out(`  ratio   ${ratio(t.ms / o.ms)} against rclone as it finishes, ${ratio(td.durableMs / o.ms)} against rclone made durable (target ≥ ${TARGET_RATIO}x)`);
  }
  if (floors.length > 0) {
    const floor = Math.min(...floors);
    out(`  floor   best ${seconds(floor)} (kernel copy, fsyncs, publish; no verification, no catalog): ours takes ${(o.ms / floor).toFixed(2)}× the floor`);
  }
}

async function joinPart(scratch: string): Promise<void> {
  const assets = Number(values.assets ?? 10_000);
  const firstPage = Number(values['first-page'] ?? 100);
  out(`(b) New device: join a ${assets.toLocaleString('en')}-asset vault, time until the grid's first ${firstPage} thumbnails are local`);
  const { files } = await croppedPhotoSet({ count: 2, width: 4000, height: 3000, quality: 85 });
  const seeded = await cachedThumbnailVault({ passphrase: PASSPHRASE, photos: files, assets, log: out });
  out(
    seeded.cached
      ? `  seeded vault from the cache: ${seeded.assets} assets, each with its own 400×300 thumbnail`
      : `  seeded in ${seconds(seeded.seedMs)}: ${seeded.assets} assets, each with its own 400×300 thumbnail (${mib(seeded.thumbBytes)} in all)`,
  );
  out(`  load ${loadAvg()} before the join`);
  const t = await timeJoin({ seeded: seeded.dir, remote: path.join(scratch, 'remote'), joinDir: path.join(scratch, 'joined'), passphrase: PASSPHRASE, firstPage, log: out });
  const s = (x: number | null) => (x === null ? 'never' : seconds(x));
  out(`  join: blob downloads start after ${s(t.blobsPhaseMs)}`);
  out(`        first thumbnail of the page after ${s(t.firstThumbMs)}, the whole first page after ${s(t.firstPageMs)}, join done after ${seconds(t.joinMs)} (${t.blobsDownloaded} blobs)`);
}

async function latencyPart(scratch: string): Promise<void> {
  const edits = Number(values.edits ?? 10);
  const interval = Number(values.interval ?? 5);
  out(`(c) Edit latency: A and B each run "strongroom sync --watch --interval ${interval}" on one folder target; ${edits} title edits on A`);
  const { files } = await croppedPhotoSet({ count: 1, width: 4000, height: 3000, quality: 85 });
  out(`  load ${loadAvg()} at start`);
  const { latenciesMs } = await measureEditLatency({ scratch, passphrase: PASSPHRASE, photo: files[0]!, edits, intervalSeconds: interval, log: out });
  const sorted = [...latenciesMs].sort((x, y) => x - y);
  out(`  edit on A → title in B's catalog: p50 ${seconds(median(sorted))}, min ${seconds(sorted[0]!)}, max ${seconds(sorted.at(-1)!)} over ${sorted.length} edits`);
}

async function main(): Promise<void> {
  out('Sync benchmarks');
  out(`machine    ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores; node ${process.version}; load ${loadAvg()} at start`);
  out();
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'strongroom-sync-bench-'));
  try {
    if (!only || only === 'transfer') {
      const dir = path.join(scratch, 'transfer');
      await fsp.mkdir(dir);
      await transferPart(dir);
      out();
    }
    for (const [name, part] of [['join', joinPart], ['latency', latencyPart]] as const) {
      if (only && only !== name) continue;
      const dir = path.join(scratch, name);
      await fsp.mkdir(dir);
      await part(dir);
      out();
    }
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
