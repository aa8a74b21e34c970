import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { StrongroomError } from '../errors';
import { configureDecoder } from '../ingest/decoder';
import { LruCache, cachedPromise } from './lru';
import { decodeFailure } from './source';

/**
 * A watermark logo, as stored in the vault (ingest/logo.ts normalises it to an sRGB PNG), decoded
 * under the engine's loader allowlist and pixel limit like any untrusted image: the renderer does not
 * rely on where the bytes came from.
 */
const LOGO_MAX_PIXELS = 50_000_000;
const LOGO_TIMEOUT_SECONDS = 10;

export interface LogoInfo {
  /** Content hash: the cache key of everything rendered from this logo. */
  key: string;
  width: number;
  height: number;
}

const infoCache = new LruCache<Promise<LogoInfo>>(32);

export function clearLogoInfo(): void {
  infoCache.clear();
}

function open(logo: Buffer): sharp.Sharp {
  return sharp(logo, { limitInputPixels: LOGO_MAX_PIXELS, pages: 1, failOn: 'warning' }).timeout({ seconds: LOGO_TIMEOUT_SECONDS });
}

export function logoKey(logo: Buffer): string {
  return createHash('sha256').update(logo).digest('hex');
}

/** The logo's upright size (cached by content). */
export function logoInfo(logo: Buffer): Promise<LogoInfo> {
  configureDecoder();
  const key = logoKey(logo);
  return cachedPromise(
    infoCache,
    key,
    async () => {
      let meta: sharp.Metadata;
      try {
        meta = await open(logo).metadata();
      } catch (err) {
        throw decodeFailure(err, 'the watermark logo');
      }
      const w = meta.width ?? 0;
      const h = meta.height ?? 0;
      if (w <= 0 || h <= 0) throw new StrongroomError('INVALID_ARGUMENT', 'the watermark logo declares no image size');
      if (w * h > LOGO_MAX_PIXELS) throw new StrongroomError('INVALID_ARGUMENT', `the watermark logo is ${w}×${h}, larger than a logo can be`);
      const swap = (meta.orientation ?? 1) >= 5;
      return { key, width: swap ? h : w, height: swap ? w : h };
    },
    () => 64,
  );
}

/** The logo at exactly width×height, upright, sRGB, as premultiplied RGBA. */
export async function renderLogo(logo: Buffer, width: number, height: number): Promise<Buffer> {
  configureDecoder();
  let data: Buffer;
  try {
    data = await open(logo)
      .rotate()
      .toColourspace('srgb')
      .ensureAlpha()
      .resize(width, height, { fit: 'fill' })
      .raw({ depth: 'uchar' })
      .toBuffer();
  } catch (err) {
    throw decodeFailure(err, 'the watermark logo');
  }
  if (data.length !== width * height * 4) throw new Error('the watermark logo did not decode to RGBA');
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]!;
    if (a === 255) continue;
    data[i] = (data[i]! * a + 127) / 255;
    data[i + 1] = (data[i + 1]! * a + 127) / 255;
    data[i + 2] = (data[i + 2]! * a + 127) / 255;
  }
  return data;
}
