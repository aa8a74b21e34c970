import { createHash } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Synthetic but photo-like JPEGs for benchmarks and crash tests. Pure noise compresses far worse than a
 * photo and flat colour far better, so an image is built the way a photo's spectrum looks: a smooth
 * gradient (sky, backdrop), large soft colour blobs, mid-frequency texture, fine luminance grain (sensor
 * noise), and hard-edged shapes (products, props) with some transparency. The result is deterministic
 * in its seed, carries a small EXIF block like a camera file, and lands at photo-like byte sizes
 * (about 0.35 bytes per pixel at quality 90: roughly 4 MB for 12 MP, 8 MB for 24 MP).
 */
export interface PhotoSpec {
  width: number;
  height: number;
  seed: number;
  /** JPEG quality, 90 unless told. */
  quality?: number;
  /** Amplitude of the per-pixel grain (0–255 scale), 16 unless told: the main lever on byte size. */
  grain?: number;
}

/** mulberry32: small, fast, good enough for textures; the same seed always gives the same image. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random noise of size w×h, smoothly upscaled to width×height: soft blobs or texture, by scale. */
async function smoothNoise(rand: () => number, w: number, h: number, channels: 1 | 3, width: number, height: number): Promise<Buffer> {
  const small = Buffer.alloc(w * h * channels);
  for (let i = 0; i < small.length; i += 1) small[i] = Math.floor(rand() * 256);
  return sharp(small, { raw: { width: w, height: h, channels } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
}

function colour(rand: () => number): string {
  const c = () => Math.floor(rand() * 256);
  return `rgb(${c()},${c()},${c()})`;
}

/** Hard-edged shapes with some transparency and strokes, as an SVG the size of the image. */
function shapesSvg(rand: () => number, width: number, height: number): string {
  const parts: string[] = [];
  const n = 14 + Math.floor(rand() * 12);
  const scale = Math.min(width, height);
  for (let i = 0; i < n; i += 1) {
    const x = rand() * width;
    const y = rand() * height;
    const size = scale * (0.04 + rand() * 0.25);
    const opacity = (0.35 + rand() * 0.6).toFixed(2);
    const stroke = rand() < 0.5 ? ` stroke="${colour(rand)}" stroke-width="${(scale * 0.004 * (1 + rand() * 4)).toFixed(1)}"` : '';
    const fill = `fill="${colour(rand)}" fill-opacity="${opacity}"${stroke}`;
    const kind = Math.floor(rand() * 4);
    if (kind === 0) parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${(size / 2).toFixed(1)}" ${fill}/>`);
    else if (kind === 1) {
      const angle = (rand() * 90).toFixed(1);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${size.toFixed(1)}" height="${(size * (0.4 + rand())).toFixed(1)}" ` +
          `rx="${(size * rand() * 0.2).toFixed(1)}" transform="rotate(${angle} ${x.toFixed(1)} ${y.toFixed(1)})" ${fill}/>`,
      );
    } else if (kind === 2) {
      const points = Array.from({ length: 3 + Math.floor(rand() * 4) }, () =>
        `${(x + (rand() - 0.5) * size * 2).toFixed(1)},${(y + (rand() - 0.5) * size * 2).toFixed(1)}`,
      ).join(' ');
      parts.push(`<polygon points="${points}" ${fill}/>`);
    } else {
      const x2 = x + (rand() - 0.5) * size * 4;
      const y2 = y + (rand() - 0.5) * size * 4;
      parts.push(
        `<line x1="${x.toFixed(1)}" y1="${y.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${colour(rand)}" ` +
          `stroke-opacity="${opacity}" stroke-width="${(scale * 0.003 * (1 + rand() * 6)).toFixed(1)}"/>`,
      );
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

/**
 * The decoded pixels of a synthetic photo (RGB, 3 channels), before JPEG encoding. The shapes are an
 * SVG, so this needs libvips' SVG loader: make photos before anything calls the engine's
 * configureDecoder(), which blocks every loader but those of the accepted image formats.
 */
export async function makePhotoPixels(spec: PhotoSpec): Promise<Buffer> {
  const { width, height } = spec;
  const rand = prng(spec.seed * 2654435761 + 12345);
  const grain = spec.grain ?? 16;
  const cells = (size: number, px: number) => Math.max(2, Math.round(size / px));
  // Colour comes from large soft blobs; detail, as in photos, is mostly in luminance.
  const blobs = await smoothNoise(rand, cells(width, 400), cells(height, 400), 3, width, height);
  const texture = await smoothNoise(rand, cells(width, 5), cells(height, 5), 1, width, height);
  const from = [rand() * 255, rand() * 255, rand() * 255];
  const to = [rand() * 255, rand() * 255, rand() * 255];
  const out = Buffer.allocUnsafe(width * height * 3);
  const span = width + height;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const t = (x + y) / span;
      const i = (y * width + x) * 3;
      const detail = (texture[y * width + x]! - 128) * 0.4 + (rand() - 0.5) * 2 * grain + 12;
      for (let c = 0; c < 3; c += 1) {
        const base = from[c]! + (to[c]! - from[c]!) * t;
        const v = base * 0.45 + blobs[i + c]! * 0.45 + detail;
        out[i + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  return sharp(out, { raw: { width, height, channels: 3 } })
    .composite([{ input: Buffer.from(shapesSvg(rand, width, height)) }])
    .removeAlpha()
    .raw()
    .toBuffer();
}

const EXIF = {
  IFD0: { Make: 'Strongroom', Model: 'Synthetic Bench Camera', Software: 'bench/photos.ts' },
  IFD2: { ISO: '200', FNumber: '8/1', ExposureTime: '1/125' },
} as const;

export async function encodePhoto(pixels: Buffer, width: number, height: number, quality = 90): Promise<Buffer> {
  return sharp(pixels, { raw: { width, height, channels: 3 } }).withExif(EXIF).jpeg({ quality }).toBuffer();
}

export async function makePhoto(spec: PhotoSpec): Promise<Buffer> {
  return encodePhoto(await makePhotoPixels(spec), spec.width, spec.height, spec.quality ?? 90);
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export const PHOTO_CACHE_ROOT = path.join(os.tmpdir(), 'strongroom-photo-cache');

function cacheDir(kind: string, params: object): string {
  const key = createHash('sha256').update(JSON.stringify({ kind, v: 2, ...params })).digest('hex').slice(0, 16);
  return path.join(PHOTO_CACHE_ROOT, `${kind}-${key}`);
}

/** Writes under a temp name and renames, so a cached file that exists is always whole. */
async function writeWhole(file: string, data: Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.partial`;
  await fsp.writeFile(temp, data);
  await fsp.rename(temp, file);
}

/**
 * A set of photos in `dir`, or in a cache folder under the OS temp folder keyed by every parameter but
 * the count: photo i is always the same image, so asking for more photos only renders the missing ones.
 */
export async function photoSet(options: {
  count: number;
  width: number;
  height: number;
  seed?: number;
  quality?: number;
  grain?: number;
  dir?: string;
  prefix?: string;
  concurrency?: number;
}): Promise<string[]> {
  const { count, width, height } = options;
  const seed = options.seed ?? 1;
  const quality = options.quality ?? 90;
  const dir = options.dir ?? cacheDir('photos', { width, height, seed, quality, grain: options.grain });
  const prefix = options.prefix ?? `photo-${width}x${height}`;
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `${prefix}-${String(i).padStart(4, '0')}.jpg`));
  const missing = files.flatMap((file, i) => (existsSync(file) ? [] : [{ file, i }]));
  if (missing.length === 0) return files;
  await fsp.mkdir(dir, { recursive: true });
  await mapLimit(missing, options.concurrency ?? os.availableParallelism(), async ({ file, i }) => {
    await writeWhole(file, await makePhoto({ width, height, seed: seed * 100_003 + i, quality, grain: options.grain }));
  });
  return files;
}

/**
 * Many distinct photos made cheaply: a few base photos are rendered slightly larger than the output,
 * and every file is a different crop of one of them with its own brightness and contrast, re-encoded.
 * Each file has different pixels (so different renditions and hashes) but costs one crop and one
 * encode. Cached like photoSet unless `dir` is given.
 */
export async function croppedPhotoSet(options: {
  count: number;
  width: number;
  height: number;
  bases?: number;
  margin?: number;
  seed?: number;
  quality?: number;
  /** Write here instead of the shared cache. */
  dir?: string;
  prefix?: string;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ dir: string; files: string[] }> {
  const { count, width, height } = options;
  const bases = options.bases ?? 6;
  const margin = options.margin ?? 160;
  const seed = options.seed ?? 7;
  const quality = options.quality ?? 88;
  const dir = options.dir ?? cacheDir('cropped', { width, height, bases, margin, seed, quality });
  const prefix = options.prefix ?? `crop-${width}x${height}`;
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `${prefix}-${String(i).padStart(5, '0')}.jpg`));
  const missing = files.flatMap((file, i) => (existsSync(file) ? [] : [{ file, i }]));
  if (missing.length === 0) return { dir, files };
  await fsp.mkdir(dir, { recursive: true });
  const bw = width + margin;
  const bh = height + margin;
  const basePixels = await mapLimit(Array.from({ length: bases }, (_, i) => i), 2, (i) =>
    makePhotoPixels({ width: bw, height: bh, seed: seed * 1_000_003 + i }),
  );
  let done = 0;
  await mapLimit(missing, options.concurrency ?? os.availableParallelism(), async ({ file, i }) => {
    const rand = prng(seed * 7919 + i);
    const base = basePixels[i % bases]!;
    const left = Math.floor(rand() * (margin + 1));
    const top = Math.floor(rand() * (margin + 1));
    const jpeg = await sharp(base, { raw: { width: bw, height: bh, channels: 3 } })
      .extract({ left, top, width, height })
      .linear(0.9 + rand() * 0.2, Math.floor(rand() * 16) - 8)
      .withExif(EXIF)
      .jpeg({ quality })
      .toBuffer();
    await writeWhole(file, jpeg);
    options.onProgress?.(++done, missing.length);
  });
  return { dir, files };
}
