import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { DerivedKind } from '../electron/core/catalog/types';
import { configureDecoder, RENDITION_SIZES } from '../electron/core/ingest/decoder';
import { ingest } from '../electron/core/ingest/ingest';
import { Vault } from '../electron/core/vault/vault';
import { mapLimit } from './photos';

/**
 * Ingest throughput against the bare sharp pipeline that makes the same renditions, on the same files
 * with the same parallelism, in one process. The bare pipeline writes its JPEGs to plain files (no
 * hashing, no metadata, no encryption, no fsync, no catalog); ingest does all of that. The ratio is
 * what the vault costs on top of the image work.
 *
 * Both sides run under the decoder's libvips configuration (configureDecoder: cache off, loader
 * allowlist), which ingest installs process-wide anyway. Rounds alternate bare, ingest, ingest, bare,
 * bare, ingest so neither side always runs on a warmer page cache or a cooler CPU; the best round of
 * each is reported (the least disturbed by other work on the machine), the others are printed too.
 */
export type Tier = 'thumb' | 'preview';

export interface TierResult {
  label: string;
  tier: Tier;
  files: number;
  megapixels: number;
  parallel: number;
  bareRates: number[];
  ingestRates: number[];
  /** Best rate of each side, images per second. */
  bare: number;
  ingest: number;
  ratio: number;
  /**
   * Diagnostic, not part of the comparison: one ingest round with twice the parallelism. Each import
   * waits on several fsyncs; if this is much faster, the cores idle during those waits.
   */
  ingestDoubleParallel: number | null;
}

const fit = (size: number) => ({ width: size, height: size, fit: 'inside' as const, withoutEnlargement: true });
const JPEG = { quality: 82 } as const;

/** The thumbnail tier as a user of sharp would write it. */
async function bareThumb(file: string, out: string): Promise<void> {
  await sharp(file)
    .rotate()
    .resize(fit(RENDITION_SIZES.thumb))
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg(JPEG)
    .toFile(`${out}-thumb.jpg`);
}

/** The preview tier the way decodeImage does it: one decode to preview size, the thumbnail from those pixels. */
async function barePreview(file: string, out: string): Promise<void> {
  const base = await sharp(file)
    .rotate()
    .resize(fit(RENDITION_SIZES.preview))
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: base.info.width, height: base.info.height, channels: base.info.channels } } as const;
  await sharp(base.data, raw).jpeg(JPEG).toFile(`${out}-preview.jpg`);
  await sharp(base.data, raw).resize(fit(RENDITION_SIZES.thumb)).jpeg(JPEG).toFile(`${out}-thumb.jpg`);
}

async function timeBare(files: string[], tier: Tier, parallel: number, scratch: string): Promise<number> {
  const out = await fsp.mkdtemp(path.join(scratch, 'bare-'));
  try {
    const started = performance.now();
    await mapLimit(files, parallel, (file, i) => (tier === 'thumb' ? bareThumb : barePreview)(file, path.join(out, String(i))));
    return performance.now() - started;
  } finally {
    await fsp.rm(out, { recursive: true, force: true });
  }
}

const PASSPHRASE = 'bench passphrase';

/** A fresh vault per measurement; creating it (scrypt) and removing it are not timed. */
async function timeIngest(files: string[], tier: Tier, parallel: number, scratch: string): Promise<number> {
  const dir = await fsp.mkdtemp(path.join(scratch, 'vault-'));
  const { vault } = await Vault.create(dir, { passphrase: PASSPHRASE, keychain: null });
  try {
    const kinds: DerivedKind[] = tier === 'thumb' ? ['thumb'] : ['thumb', 'preview'];
    const started = performance.now();
    const report = await ingest(
      vault,
      files.map((p) => ({ kind: 'file' as const, path: p })),
      { kinds, concurrency: parallel },
    );
    const elapsed = performance.now() - started;
    if (report.imported.length !== files.length) {
      throw new Error(`ingest imported ${report.imported.length} of ${files.length}: ${JSON.stringify(report.refused.slice(0, 3))}`);
    }
    return elapsed;
  } finally {
    vault.close();
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

export async function benchTier(options: {
  label: string;
  files: string[];
  megapixels: number;
  tier: Tier;
  parallel?: number;
  scratch?: string;
  /** Also time one ingest round at twice the parallelism (diagnostic). */
  doubleParallel?: boolean;
  log?: (line: string) => void;
}): Promise<TierResult> {
  configureDecoder();
  const { files, tier } = options;
  const parallel = options.parallel ?? os.availableParallelism();
  const scratch = options.scratch ?? os.tmpdir();
  const bare: number[] = [];
  const ing: number[] = [];
  for (const side of ['bare', 'ingest', 'ingest', 'bare', 'bare', 'ingest'] as const) {
    const ms = side === 'bare' ? await timeBare(files, tier, parallel, scratch) : await timeIngest(files, tier, parallel, scratch);
    const r = files.length / (ms / 1000);
    (side === 'bare' ? bare : ing).push(r);
    options.log?.(`  ${options.label} ${tier}: ${side.padEnd(6)} ${(ms / 1000).toFixed(2)} s = ${r.toFixed(2)} img/s`);
  }
  let ingestDoubleParallel: number | null = null;
  if (options.doubleParallel) {
    const ms = await timeIngest(files, tier, parallel * 2, scratch);
    ingestDoubleParallel = files.length / (ms / 1000);
    options.log?.(`  ${options.label} ${tier}: ingest at parallelism ${parallel * 2} (diagnostic) ${(ms / 1000).toFixed(2)} s = ${ingestDoubleParallel.toFixed(2)} img/s`);
  }
  const bestBare = Math.max(...bare);
  const bestIngest = Math.max(...ing);
  return {
    label: options.label,
    tier,
    files: files.length,
    megapixels: options.megapixels,
    parallel,
    bareRates: bare,
    ingestRates: ing,
    bare: bestBare,
    ingest: bestIngest,
    ratio: bestIngest / bestBare,
    ingestDoubleParallel,
  };
}

/** One pass of both sides over a few files, so first-use costs (code loading, libvips init) are not measured. */
export async function warmUp(files: string[], scratch = os.tmpdir()): Promise<void> {
  configureDecoder();
  const parallel = os.availableParallelism();
  for (const tier of ['thumb', 'preview'] as const) {
    await timeBare(files, tier, parallel, scratch);
    await timeIngest(files, tier, parallel, scratch);
  }
}
