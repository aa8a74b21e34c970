/**
 * Strongroom benchmarks: `npm run bench` (= node --expose-gc --import tsx bench/run.ts).
 *
 * Prints figures and the targets they are meant to meet; nothing here passes or fails on speed. The
 * process exits non-zero only if a measurement itself breaks (an import refused, a child crashing).
 *
 *   --only ingest,crypto,memory,imaging,ui   run some sections (all by default)
 *   --skip-ui                        leave out the UI benchmarks (bench/ui-bench.ts ~5 min, bench/ui-designer-bench.ts ~1 min; own processes)
 *   --memory-files N                 files in the memory run (2000)
 *   --small N --large N              12 MP and 24 MP photos in the ingest runs (24 and 12)
 *   --imaging-files N                12 MP and 24 MP photos of each size in the imaging run (6)
 *
 * Photos are generated once and cached under the OS temp folder (bench/photos.ts), so the first run
 * takes a few minutes longer than later ones.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { benchCrypto, type CryptoResult } from './crypto-bench';
import { mib, rate, ratio, seconds, table, verdict } from './format';
import { benchTier, warmUp, type TierResult } from './ingest-bench';
import { benchImaging, TARGET_PREVIEW_P95_MS, TARGET_WATERMARK_RATIO, verdictAtMost, type ImagingResult } from './imaging-bench';
import { benchMemory, memoryPhotos } from './memory-bench';
import { photoSet } from './photos';

const TARGET_INGEST_RATIO = 0.92;
const TARGET_AES_RATIO = 0.9;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'memory-files': { type: 'string' },
    small: { type: 'string' },
    large: { type: 'string' },
    'imaging-files': { type: 'string' },
    'skip-ui': { type: 'boolean' },
  },
});
const sections = new Set((values.only ?? 'ingest,crypto,memory,imaging,ui').split(',').map((s) => s.trim()));
if (values['skip-ui']) sections.delete('ui');
const memoryFiles = Number(values['memory-files'] ?? 2000);
const smallCount = Number(values.small ?? 24);
const largeCount = Number(values.large ?? 12);
const imagingFiles = Number(values['imaging-files'] ?? 6);
const unknown = [...sections].filter((s) => !['ingest', 'crypto', 'memory', 'imaging', 'ui'].includes(s));
const counts = [memoryFiles, smallCount, largeCount, imagingFiles];
if (unknown.length || counts.some((n) => !Number.isInteger(n) || n < 1)) {
  process.stderr.write(`bench: unknown section ${unknown.join(', ') || '-'} or a count that is not a positive integer\n`);
  process.exit(2);
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stdout.write(`${line}\n`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function systemOpenssl(): string {
  try {
    return execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'not found';
  }
}

async function photosFor(label: string, count: number, width: number, height: number) {
  const started = performance.now();
  const files = await photoSet({ count, width, height, seed: width });
  const sizes = files.map((f) => statSync(f).size);
  const avg = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  note(
    `  ${label}: ${count} × ${width}×${height} JPEG q90, ${mib(Math.min(...sizes))}–${mib(Math.max(...sizes))} (mean ${mib(avg)})` +
      ` [ready in ${seconds(performance.now() - started)}]`,
  );
  return files;
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const parallel = os.availableParallelism();
  out('Strongroom benchmarks');
  out('=====================');
  out(`date       ${new Date().toISOString()}`);
  out(`machine    ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores (availableParallelism ${parallel}), ${mib(os.totalmem(), 0)} RAM`);
  out(`software   node ${process.version} (OpenSSL ${process.versions.openssl}), system ${systemOpenssl()}, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}, sharp.concurrency ${sharp.concurrency()}`);
  out(`load       ${load()} (1/5/15 min) at start; other work on the machine slows every figure`);
  out();

  const tiers: TierResult[] = [];
  let crypto: CryptoResult | null = null;
  let memory: Awaited<ReturnType<typeof benchMemory>> | null = null;
  let imaging: ImagingResult | null = null;

  // All photos first: the engine's decoder configuration (set by the first ingest) blocks the SVG
  // loader the generator uses for its shapes.
  const sectionStarted0 = performance.now();
  out('Photos (cached under the OS temp folder)');
  // The imaging run uses the first photos of the same cached sets.
  const photoSections = sections.has('ingest') || sections.has('imaging');
  const small = photoSections ? await photosFor('12 MP', sections.has('ingest') ? smallCount : imagingFiles, 4000, 3000) : [];
  const large = photoSections ? await photosFor('24 MP', sections.has('ingest') ? largeCount : imagingFiles, 6000, 4000) : [];
  const memoryFilesList = sections.has('memory') ? await memoryPhotos(memoryFiles, note) : [];
  if (sections.has('memory')) note(`  memory run: ${memoryFiles} × 1600×1200 JPEG q88 (crops of 6 rendered bases)`);
  out(`photos ready in ${seconds(performance.now() - sectionStarted0)}`);
  out();

  let sectionStarted = performance.now();
  const sectionTime = () => {
    const ms = performance.now() - sectionStarted;
    sectionStarted = performance.now();
    return `section took ${seconds(ms)}, load ${load()}`;
  };
  if (sections.has('ingest')) {
    out('Ingest vs bare sharp (same files, same parallelism, best of 3 rounds each, order bare/ingest/ingest/bare/bare/ingest)');
    await warmUp([small[0]!, large[0]!]);
    const sets = [
      { label: '12 MP', files: small, megapixels: 12 },
      { label: '24 MP', files: large, megapixels: 24 },
    ];
    for (const tier of ['thumb', 'preview'] as const) {
      for (const set of sets) tiers.push(await benchTier({ ...set, tier, parallel, doubleParallel: true, log: note }));
    }
    out();
    out(
      table(
        ['photos', 'tier', 'files', 'parallel', 'bare img/s', 'ingest img/s', 'ingest/bare', 'rounds bare', 'rounds ingest', `ingest @${parallel * 2} (diag.)`],
        tiers.map((t) => [
          t.label,
          t.tier === 'thumb' ? 'thumb 400' : 'preview 2048 + thumb',
          t.files,
          t.parallel,
          t.bare.toFixed(2),
          t.ingest.toFixed(2),
          ratio(t.ratio),
          t.bareRates.map((r) => r.toFixed(2)).join(' / '),
          t.ingestRates.map((r) => r.toFixed(2)).join(' / '),
          t.ingestDoubleParallel === null ? '' : `${t.ingestDoubleParallel.toFixed(2)} (${ratio(t.ingestDoubleParallel / t.bare)})`,
        ]),
      ),
    );
    out(
      `bare = sharp alone writing plain JPEG files; ingest = hash, metadata, the same renditions, AES-GCM blobs with ` +
        `fsync, one catalog transaction per image. The last column (twice the parallelism, one round) is a diagnostic.`,
    );
    out(sectionTime());
    out();
  }

  if (sections.has('crypto')) {
    out('Blob encryption (AES-256-GCM, 64 KiB chunks, one thread)');
    crypto = await benchCrypto({ log: note });
    const c = crypto;
    const vs = (x: number, ref: { bytesPerSecond: number } | null) => (ref ? ratio(x / ref.bytesPerSecond) : 'n/a');
    out();
    out(
      table(
        ['measurement', 'per CPU second', 'vs openssl', 'per wall second', 'vs openssl -elapsed'],
        [
          [`BlobEncryptor over ${mib(c.bytes, 0)} in memory`, rate(c.encryptor.cpu), vs(c.encryptor.cpu, c.openssl), rate(c.encryptor.wall), vs(c.encryptor.wall, c.opensslElapsed)],
          [
            'openssl speed -evp aes-256-gcm -bytes 65536',
            c.openssl ? rate(c.openssl.bytesPerSecond) : 'n/a',
            '1.00x',
            c.opensslElapsed ? rate(c.opensslElapsed.bytesPerSecond) : 'n/a',
            '1.00x',
          ],
          ['BlobStore.put, hash given (encrypt + write + fsync)', '', '', rate(c.putKnownHash), vs(c.putKnownHash, c.opensslElapsed)],
          ['BlobStore.put, no hash (SHA-256 + the above)', '', '', rate(c.putWithHash), vs(c.putWithHash, c.opensslElapsed)],
          ['SHA-256 (node:crypto), for context', rate(c.sha256.cpu), '', rate(c.sha256.wall), ''],
        ],
      ),
    );
    if (c.openssl) out(`openssl figures parsed from the ${c.openssl.source}; openssl divides by CPU user time unless -elapsed`);
    if (c.opensslError) out(`openssl: ${c.opensslError}`);
    out(sectionTime());
    out();
  }

  if (sections.has('memory')) {
    out(`Memory over one ingest of ${memoryFiles} files (own process, RSS sampled every 50 ms)`);
    memory = await benchMemory(memoryFilesList);
    const m = memory;
    out();
    out(
      table(
        ['point', 'files done', 'RSS'],
        [
          ['start (vault open, before ingest)', 0, mib(m.startRss)],
          ...m.atProgress.map((p) => [`${p.percent} % of files (kernel peak so far ${mib(p.kernelPeak, 0)})`, p.filesDone, mib(p.rss)]),
          [`peak (sampled, ${m.samples} samples)`, m.peakAtFilesDone, mib(m.peakRss)],
          ['kernel peak before ingest (start-up, unlock)', '', mib(m.kernelPeakBeforeIngest)],
          [`kernel peak during ingest${m.kernelPeakReset ? '' : ' (not reset: includes start-up)'}`, '', mib(m.kernelPeakRss)],
          ['end', m.imported, mib(m.endRss)],
          ['end, after gc()', m.imported, mib(m.endRssAfterGc)],
        ],
      ),
    );
    out(
      `${m.imported} imported (${mib(m.totalBytes, 0)} of JPEGs) in ${seconds(m.elapsedMs)} = ${(m.imported / (m.elapsedMs / 1000)).toFixed(1)} img/s; ` +
        `peak heap ${mib(m.peakHeapUsed)}, peak external ${mib(m.peakExternal)}`,
    );
    out(`RSS timeline (MiB): ${m.timeline.map((s) => (s.rss / 2 ** 20).toFixed(0)).join(' ')}`);
    out(sectionTime());
    out();
  }

  if (sections.has('imaging')) {
    out(`Imaging: 2048 px JPEG renditions with rights, watermarked or not; designer preview; export throughput`);
    imaging = await benchImaging({ small: small.slice(0, imagingFiles), large: large.slice(0, imagingFiles), parallel, log: note });
    const im = imaging;
    out();
    out(
      table(
        ['photos', 'files', 'output', 'plain ms/img', 'corner mark', 'tiled mark', 'corner best / CPU', 'tiled best / CPU', 'cold first mark', 'sharp composite'],
        im.costs.map((c) => [
          c.label,
          c.files,
          `${c.width}×${c.height}`,
          (c.plainMs / c.files).toFixed(0),
          `${(c.cornerMs / c.files).toFixed(0)} ms, ${ratio(c.cornerRatio)}`,
          `${(c.tiledMs / c.files).toFixed(0)} ms, ${ratio(c.tiledRatio)}`,
          `${ratio(c.cornerBestRatio)} / ${ratio(c.cornerCpuRatio)}`,
          `${ratio(c.tiledBestRatio)} / ${ratio(c.tiledCpuRatio)}`,
          ratio(c.coldRatio),
          ratio(c.naiveCompositeRatio),
        ]),
      ),
    );
    out(
      `ms: best time per image, mean; ratio: median of each watermarked render against the plain renders either side of it; ` +
        `best: ratio of the best times; CPU: of the process CPU time; "cold" is the first render of a size, ` +
        `before the overlay is cached; "sharp composite" is the same tiled mark as a full-frame overlay in sharp's resize pipeline.`,
    );
    out();
    const p = im.preview;
    out(
      `designer preview (${p.width}×${p.height}, the vault's preview of a 24 MP photo): first ${p.firstMs.toFixed(0)} ms, then over ${p.changes} changes ` +
        `p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms, max ${p.max.toFixed(0)} ms (process CPU time per change: p50 ${p.cpuP50.toFixed(0)} ms, p95 ${p.cpuP95.toFixed(0)} ms)`,
    );
    out();
    out(
      table(
        ['photos', 'files', 'parallel', 'bare sharp img/s', 'export img/s', 'export/bare', 'rounds bare', 'rounds export'],
        im.throughput.map((t) => [
          t.label,
          t.files,
          t.parallel,
          t.bare.toFixed(2),
          t.exported.toFixed(2),
          ratio(t.ratio),
          t.bareRates.map((r) => r.toFixed(2)).join(' / '),
          t.exportRates.map((r) => r.toFixed(2)).join(' / '),
        ]),
      ),
    );
    out(`bare = sharp: decode, rotate, resize to 2048 px, JPEG q85; export = renderImage: the same plus corner watermark, sRGB profile, EXIF and XMP rights.`);
    out(sectionTime());
    out();
  }

  out('Summary');
  out('-------');
  const rows: string[][] = [];
  for (const t of tiers) {
    rows.push([`ingest ${t.tier} tier, ${t.label}`, `${t.ingest.toFixed(2)} vs ${t.bare.toFixed(2)} img/s = ${ratio(t.ratio)}`, `≥ ${TARGET_INGEST_RATIO}x`, verdict(t.ratio, TARGET_INGEST_RATIO)]);
  }
  if (crypto?.openssl) {
    const r = crypto.encryptor.cpu / crypto.openssl.bytesPerSecond;
    rows.push([
      'AES-256-GCM encryptor vs openssl (per CPU s)',
      `${rate(crypto.encryptor.cpu)} vs ${rate(crypto.openssl.bytesPerSecond)} = ${ratio(r)}`,
      `≥ ${TARGET_AES_RATIO}x`,
      verdict(r, TARGET_AES_RATIO),
    ]);
    if (crypto.opensslElapsed) {
      const w = crypto.encryptor.wall / crypto.opensslElapsed.bytesPerSecond;
      rows.push(['  the same per wall-clock s (-elapsed)', `${rate(crypto.encryptor.wall)} vs ${rate(crypto.opensslElapsed.bytesPerSecond)} = ${ratio(w)}`, `≥ ${TARGET_AES_RATIO}x`, verdict(w, TARGET_AES_RATIO)]);
    }
    rows.push(['BlobStore.put, 256 MiB (disk + fsync)', rate(crypto.putKnownHash), '', '']);
    rows.push(['SHA-256', rate(crypto.sha256.wall), '', '']);
  } else if (crypto) {
    rows.push(['AES-256-GCM encryptor', rate(crypto.encryptor.cpu), `≥ ${TARGET_AES_RATIO}x openssl`, 'openssl figure unavailable']);
  }
  if (memory) {
    const quarters = memory.atProgress.map((p) => `${p.percent}%: ${(p.rss / 2 ** 20).toFixed(0)}`).join(', ');
    rows.push([
      `peak RSS, ${memory.imported}-file ingest`,
      `${mib(memory.peakRss)} (start ${mib(memory.startRss)}, end ${mib(memory.endRss)}; ${quarters} MiB)`,
      'flat',
      memory.atProgress.length === 4 && memory.atProgress[3]!.rss <= memory.atProgress[0]!.rss * 1.25 ? 'flat (≤ 25 % growth 25 → 100 %)' : 'GROWS',
    ]);
  }
  if (imaging) {
    for (const c of imaging.costs) {
      for (const [kind, r, cpu] of [
        ['corner', c.cornerRatio, c.cornerCpuRatio],
        ['tiled', c.tiledRatio, c.tiledCpuRatio],
      ] as const) {
        rows.push([
          `watermarked 2048 px rendition, ${kind} mark, ${c.label}`,
          `${ratio(r)} of unwatermarked (CPU time ${ratio(cpu)})`,
          `≤ ${TARGET_WATERMARK_RATIO}x`,
          verdictAtMost(r, TARGET_WATERMARK_RATIO),
        ]);
      }
    }
    rows.push([
      `designer preview update, p95 of ${imaging.preview.changes}`,
      `${imaging.preview.p95.toFixed(0)} ms (p50 ${imaging.preview.p50.toFixed(0)} ms)`,
      `< ${TARGET_PREVIEW_P95_MS} ms`,
      imaging.preview.p95 < TARGET_PREVIEW_P95_MS ? 'meets target' : 'ABOVE target',
    ]);
    for (const t of imaging.throughput) {
      rows.push([`export throughput, ${t.label}`, `${t.exported.toFixed(2)} vs ${t.bare.toFixed(2)} img/s bare sharp = ${ratio(t.ratio)}`, '', '']);
    }
  }
  out(table(['figure', 'value', 'target', 'verdict'], rows));
  out(`total bench time ${seconds(performance.now() - benchStarted)}, load ${load()} at end`);

  // Its own process: it makes photos after this one has set the engine's decoder up (which blocks the SVG loader they need).
  if (sections.has('ui')) {
    out();
    const ui = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('ui-bench.ts', import.meta.url))], { stdio: 'inherit' });
    if (ui.status !== 0) process.exitCode = 1;
    out();
    const designer = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('ui-designer-bench.ts', import.meta.url))], { stdio: 'inherit' });
    if (designer.status !== 0) process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
