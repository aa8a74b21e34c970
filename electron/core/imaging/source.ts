import sharp from 'sharp';
import { StrongroomError } from '../errors';
import { readImageHeader, type ImageHeader } from '../ingest/decoder';

/**
 * Opening an original for rendering, under the same safety settings as ingest (ingest/decoder.ts):
 * libvips limited to the allowlisted loaders (SVG and everything else blocked), a pixel limit checked
 * on the header before any decoding, one page or frame, failing on decoder warnings, a time limit.
 * The vault only holds files that ingest accepted, but the renderer does not rely on that.
 */

/**
 * sharp's own default (16383²). Ingest refuses above 100 MP unless the owner raised the limit, so
 * this never refuses a vault image that ingest took; it stops a decompression bomb all the same.
 */
export const DEFAULT_MAX_INPUT_PIXELS = 16383 * 16383;
/** Generous: a 100 MP TIFF on a slow laptop decodes in a few seconds. */
export const RENDER_TIMEOUT_SECONDS = 60;

export interface SourceInfo {
  /** Upright size, after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** The page to decode: HEIF/AVIF containers name a primary image that need not be the first. */
  page: number;
  hasAlpha: boolean;
  /** 16 bits per sample: sharp then processes in P3 when the file has a profile (see render.ts). */
  is16Bit: boolean;
  hasProfile: boolean;
}

const invalid = (message: string, cause?: unknown) => new StrongroomError('INVALID_ARGUMENT', message, { cause });

/** A short reason from a libvips message, for errors shown to people. */
export function decodeFailure(err: unknown, what: string): StrongroomError {
  const message = err instanceof Error ? err.message : String(err);
  const first = message.split('\n')[0] ?? message;
  const m = first.toLowerCase();
  if (m.includes('pixel limit')) return invalid(`${what} has more pixels than the rendering limit`, err);
  if (m.includes('timeout')) return invalid(`decoding ${what} took longer than ${RENDER_TIMEOUT_SECONDS} s; the file may be hostile`, err);
  if (m.includes('unsupported image format') || m.includes('is not a known') || m.includes('not permitted')) {
    return invalid(`${what} is not in a format the renderer accepts (JPEG, PNG, WebP, GIF, TIFF, HEIF/AVIF)`, err);
  }
  return invalid(`${what} could not be decoded (${first})`, err);
}

export async function probeSource(original: Buffer, maxPixels: number): Promise<SourceInfo> {
  if (!Buffer.isBuffer(original) || original.length === 0) throw invalid('the original is empty');
  let header: ImageHeader;
  try {
    header = await readImageHeader(original);
  } catch (err) {
    throw decodeFailure(err, 'the original');
  }
  const { meta, page, rawWidth, rawHeight } = header;
  if (rawWidth <= 0 || rawHeight <= 0) throw invalid('the original declares no image size');
  if (rawWidth * rawHeight > maxPixels) {
    throw invalid(`the original is ${rawWidth}×${rawHeight}, above the rendering limit of ${(maxPixels / 1e6).toFixed(0)} MP`);
  }
  if (meta.format === 'heif' && meta.compression === 'hevc') {
    throw invalid('HEIC photos coded with HEVC cannot be read by the bundled decoder');
  }
  return {
    width: header.width,
    height: header.height,
    page,
    hasAlpha: meta.hasAlpha === true,
    is16Bit: meta.depth === 'ushort',
    hasProfile: meta.hasProfile === true,
  };
}

/** A pipeline over the original with the decoder's limits; the caller adds the operations. */
export function openSource(original: Buffer, info: SourceInfo, maxPixels: number): sharp.Sharp {
  return sharp(original, {
    limitInputPixels: maxPixels,
    page: info.page,
    pages: 1,
    sequentialRead: true,
    failOn: 'warning',
  }).timeout({ seconds: RENDER_TIMEOUT_SECONDS });
}
