import sharp from 'sharp';
import type { DerivedKind, ImageFormat } from '../catalog/types';

/**
 * The only place the engine decodes untrusted images. libvips is limited to the loaders of the formats
 * we accept (the equivalent of VIPS_BLOCK_UNTRUSTED, but as an allowlist), a pixel limit, one page or
 * frame, and a time limit; its cache is off so memory follows the images in flight, not history.
 */
const ALLOWED_LOADERS = [
  'VipsForeignLoadJpeg',
  'VipsForeignLoadPng',
  'VipsForeignLoadWebp',
  'VipsForeignLoadNsgif',
  'VipsForeignLoadTiff',
  'VipsForeignLoadHeif',
];

let configured = false;

export function configureDecoder(): void {
  if (configured) return;
  configured = true;
  sharp.block({ operation: ['VipsForeignLoad'] });
  sharp.unblock({ operation: ALLOWED_LOADERS });
  sharp.cache(false);
}

export interface ImageHeader {
  meta: sharp.Metadata;
  /** The page to decode: HEIF/AVIF containers name a primary image, which need not be the first (e.g. a grid's tile). */
  page: number;
  rawWidth: number;
  rawHeight: number;
  /** The size once EXIF orientation is applied. */
  width: number;
  height: number;
}

/**
 * Reads what the header declares, without decoding pixels (so no pixel limit yet: the callers judge
 * the size and say why they refuse). Errors are sharp's, for the caller to word.
 */
export async function readImageHeader(buf: Buffer): Promise<ImageHeader> {
  configureDecoder();
  let meta = await sharp(buf, { limitInputPixels: false, pages: 1 }).metadata();
  let page = 0;
  if (meta.pagePrimary !== undefined && meta.pagePrimary > 0) {
    page = meta.pagePrimary;
    meta = await sharp(buf, { limitInputPixels: false, page, pages: 1 }).metadata();
  }
  const rawWidth = meta.width ?? 0;
  const rawHeight = meta.height ?? 0;
  const rotated = (meta.orientation ?? 1) >= 5;
  return { meta, page, rawWidth, rawHeight, width: rotated ? rawHeight : rawWidth, height: rotated ? rawWidth : rawHeight };
}

export const RENDITION_SIZES: Record<DerivedKind, number> = { thumb: 400, preview: 2048 };
const JPEG_OPTIONS = { quality: 82, mozjpeg: false, chromaSubsampling: '4:2:0' } as const;
const DECODE_TIMEOUT_SECONDS = 30;

export interface DecodeOptions {
  maxPixels: number;
  kinds: readonly DerivedKind[];
}

export interface Rendition {
  kind: DerivedKind;
  data: Buffer;
  width: number;
  height: number;
}

export interface DecodedImage {
  width: number;
  height: number;
  renditions: Rendition[];
}

export class DecodeRefusal extends Error {}

function sharpErrorReason(message: string, format: ImageFormat): string {
  const m = message.toLowerCase();
  if (m.includes('pixel limit')) return 'the image has more pixels than the import limit';
  if (m.includes('unsupported image format')) return `the ${format.toUpperCase()} data could not be read by the bundled decoder`;
  if (m.includes('timeout')) return `decoding took longer than ${DECODE_TIMEOUT_SECONDS} s; the file may be hostile`;
  const damaged = ['premature end', 'truncated', 'read error', 'corrupt', 'bad seek', 'treated as error', 'invalid', 'not a known'];
  if (damaged.some((word) => m.includes(word))) {
    return `the ${format.toUpperCase()} file is damaged or incomplete (${message.split('\n')[0]})`;
  }
  return `the image could not be decoded (${message.split('\n')[0]})`;
}

function input(buf: Buffer, maxPixels: number, page: number) {
  return sharp(buf, { limitInputPixels: maxPixels, page, pages: 1, sequentialRead: true, failOn: 'warning' }).timeout({
    seconds: DECODE_TIMEOUT_SECONDS,
  });
}

/**
 * Produces the requested renditions, upright (EXIF orientation applied) and in sRGB, flattened onto
 * white. With a preview, the image is decoded once at preview size and the thumbnail is made from those
 * pixels; with the thumbnail alone, JPEG shrink-on-load decodes at the smallest sufficient scale.
 */
export async function decodeImage(buf: Buffer, format: ImageFormat, options: DecodeOptions): Promise<DecodedImage> {
  let header: ImageHeader;
  try {
    header = await readImageHeader(buf);
  } catch (err) {
    throw new DecodeRefusal(sharpErrorReason((err as Error).message, format));
  }
  const { meta, page, rawWidth, rawHeight, width, height } = header;
  if (rawWidth <= 0 || rawHeight <= 0) throw new DecodeRefusal('the image header declares no size');
  const megapixels = (rawWidth * rawHeight) / 1e6;
  if (rawWidth * rawHeight > options.maxPixels) {
    throw new DecodeRefusal(
      `the image is ${rawWidth}×${rawHeight} (${megapixels.toFixed(0)} MP), above the ${(options.maxPixels / 1e6).toFixed(0)} MP import limit`,
    );
  }
  if (format === 'heif' && meta.compression === 'hevc') {
    throw new DecodeRefusal('HEIC photos coded with HEVC cannot be read by the bundled decoder; export them as JPEG or AVIF first');
  }
  try {
    const renditions: Rendition[] = [];
    const fit = (size: number) => ({ width: size, height: size, fit: 'inside' as const, withoutEnlargement: true });
    if (options.kinds.includes('preview')) {
      const base = await input(buf, options.maxPixels, page)
        .rotate()
        .resize(fit(RENDITION_SIZES.preview))
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      const raw = { raw: { width: base.info.width, height: base.info.height, channels: base.info.channels } } as const;
      const preview = await sharp(base.data, raw).jpeg(JPEG_OPTIONS).toBuffer({ resolveWithObject: true });
      renditions.push({ kind: 'preview', data: preview.data, width: preview.info.width, height: preview.info.height });
      if (options.kinds.includes('thumb')) {
        const thumb = await sharp(base.data, raw).resize(fit(RENDITION_SIZES.thumb)).jpeg(JPEG_OPTIONS).toBuffer({ resolveWithObject: true });
        renditions.push({ kind: 'thumb', data: thumb.data, width: thumb.info.width, height: thumb.info.height });
      }
    } else if (options.kinds.includes('thumb')) {
      const thumb = await input(buf, options.maxPixels, page)
        .rotate()
        .resize(fit(RENDITION_SIZES.thumb))
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .jpeg(JPEG_OPTIONS)
        .toBuffer({ resolveWithObject: true });
      renditions.push({ kind: 'thumb', data: thumb.data, width: thumb.info.width, height: thumb.info.height });
    }
    return { width, height, renditions };
  } catch (err) {
    throw new DecodeRefusal(sharpErrorReason((err as Error).message, format));
  }
}
