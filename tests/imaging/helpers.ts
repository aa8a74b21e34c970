import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { emptyRightsProfile, type RenditionPreset, type RightsProfile, type WatermarkPreset } from '../../electron/core/imaging/types';

/** The shared fixture images, read in place (../shared/fixtures beside the clone). */
export const fixturesDir = path.resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared/fixtures/images');
export const fixture = (rel: string) => path.join(fixturesDir, rel);
export const fixturesIn = (folder: string) =>
  readdirSync(path.join(fixturesDir, folder))
    .filter((f) => !f.startsWith('.'))
    .sort()
    .map((f) => `${folder}/${f}`);

/** Every field set, with the characters that break naive writers: non-ASCII, XML specials, a trailing "(…)". */
export const FULL_RIGHTS: RightsProfile = {
  creator: 'Zoë Ångström — 東京 <b>&"\'',
  copyrightNotice: '© 2025 Zoë Ångström <b>&"\' (Example Ltd)',
  creditLine: 'Photo: Zoë Ångström / Studio <b>&"\'',
  webStatement: 'https://example.com/rights?a=1&b=<2>',
  licensorName: 'Ångström & Söhne <GmbH>',
  licensorUrl: 'https://example.com/licence?x=1&y="2"',
  licensorEmail: 'rights+zoë@example.com',
  usageTerms: 'No resale.\nNo use in <ads> & "banners" — 東京 only',
  dataMining: 'prohibited-genai',
  otherConstraints: 'Reserved under Art. 4(3) DSM Directive: no text & data mining <TDM> for "AI" training.',
};

/** The vault's default profile: nothing to write. */
export const EMPTY_RIGHTS: RightsProfile = emptyRightsProfile;

export function rendition(overrides: Partial<RenditionPreset> = {}): RenditionPreset {
  return {
    id: 'test-rendition',
    name: 'Test',
    builtIn: false,
    size: { mode: 'long-edge', longEdge: 1200 },
    format: 'jpeg',
    quality: 90,
    sharpen: false,
    ...overrides,
  };
}

export function watermarkPreset(overrides: Partial<WatermarkPreset> = {}): WatermarkPreset {
  return {
    id: 'test-watermark',
    name: 'Test mark',
    text: '© {shop}',
    logoBlob: null,
    sizePercent: 30,
    color: '#ffffff',
    opacity: 1,
    rotation: 0,
    placement: { mode: 'position', position: 'bottom-right', marginPercent: 4 },
    legibility: 'none',
    ...overrides,
  };
}

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

export async function decodeRaw(image: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Per-pixel largest channel difference between two decodes of the same size. */
export function diffMap(a: RawImage, b: RawImage): Uint8Array {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) {
    throw new Error(`cannot compare ${a.width}×${a.height}×${a.channels} with ${b.width}×${b.height}×${b.channels}`);
  }
  const out = new Uint8Array(a.width * a.height);
  for (let p = 0; p < out.length; p += 1) {
    let m = 0;
    for (let c = 0; c < a.channels; c += 1) m = Math.max(m, Math.abs(a.data[p * a.channels + c]! - b.data[p * a.channels + c]!));
    out[p] = m;
  }
  return out;
}

export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Share of pixels in `region` whose difference exceeds `threshold`. */
export function changedShare(diff: Uint8Array, imageWidth: number, region: Region, threshold = 24): number {
  let changed = 0;
  for (let y = region.top; y < region.top + region.height; y += 1) {
    for (let x = region.left; x < region.left + region.width; x += 1) if (diff[y * imageWidth + x]! > threshold) changed += 1;
  }
  return changed / (region.width * region.height);
}

/** Mean difference in `region`. */
export function meanDiff(diff: Uint8Array, imageWidth: number, region: Region): number {
  let sum = 0;
  for (let y = region.top; y < region.top + region.height; y += 1) {
    for (let x = region.left; x < region.left + region.width; x += 1) sum += diff[y * imageWidth + x]!;
  }
  return sum / (region.width * region.height);
}

/** Bounding box of the pixels whose difference exceeds `threshold`, or null. */
export function changedBounds(diff: Uint8Array, width: number, height: number, threshold = 24): Region | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (diff[y * width + x]! <= threshold) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? null : { left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** A mid-grey photo-like test image (gentle gradient + noise) so a mark changes pixels wherever it is. */
export async function greyPhoto(width: number, height: number, format: 'jpeg' | 'png' = 'png'): Promise<Buffer> {
  const px = Buffer.alloc(width * height * 3);
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const v = 100 + Math.round((40 * (x + y)) / (width + height) + (rand() - 0.5) * 16);
      const i = (y * width + x) * 3;
      px[i] = v;
      px[i + 1] = v;
      px[i + 2] = v;
    }
  }
  const img = sharp(px, { raw: { width, height, channels: 3 } });
  return format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 95 }).toBuffer();
}
