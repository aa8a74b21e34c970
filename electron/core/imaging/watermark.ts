import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { StrongroomError } from '../errors';
import { configureDecoder } from '../ingest/decoder';
import { blendMark, type Mark } from './blend';
import { throwIfAborted } from '../cancel';
import { resolveFontFile } from './fonts';
import { LruCache, cachedPromise } from './lru';
import { planRendition } from './rendition-plan';
import { decodeFailure } from './source';
import { assertRenditionPreset, assertWatermarkPreset } from './validate';
import { clearLogoInfo, logoKey } from './watermark-logo';
import { marginPixels, positionedOrigin, tileOrigins, type Point } from './watermark-layout';
import { clearMarkCaches, renderMark } from './watermark-mark';
import { clearTextMetrics, fillWatermarkText } from './watermark-text';
import type { RenderedImage, RenditionPreset, RenditionSize, WatermarkPreset, WatermarkVariables } from './types';

/**
 * Watermarks: a mark prepared once per preset, text and output size (and cached: an export of many
 * photos of one size renders its mark once), then blended into each image's pixels at its positions.
 */

export interface WatermarkRequest {
  preset: WatermarkPreset;
  /** The logo's bytes when the preset names one (its logoBlob, read from the vault by the caller). */
  logo?: Buffer;
  variables: WatermarkVariables;
}

export interface PreparedWatermark {
  mark: Mark;
  /** Top-left corners of every copy of the mark: one when positioned, many when tiled. */
  origins: Point[];
  outputWidth: number;
  outputHeight: number;
}

/** Overlays are small, but a tiled 16k mark is not: bounded by bytes as well as by count. */
const overlayCache = new LruCache<Promise<PreparedWatermark | null>>(48, 96 * 2 ** 20);

function cacheKey(request: WatermarkRequest, text: string | null, logo: Buffer | null, width: number, height: number, fontFile: string): string {
  const p = request.preset;
  return JSON.stringify([
    fontFile,
    text,
    logo ? logoKey(logo) : null,
    p.sizePercent,
    p.color.toLowerCase(),
    p.opacity,
    p.rotation,
    p.placement,
    p.legibility,
    width,
    height,
  ]);
}

async function prepare(request: WatermarkRequest, text: string | null, logo: Buffer | null, width: number, height: number, fontFile: string): Promise<PreparedWatermark | null> {
  const preset = request.preset;
  const rendered = await renderMark({ preset, text, logo, outputWidth: width, outputHeight: height, fontFile });
  if (!rendered) return null;
  const { mark } = rendered;
  const placement = preset.placement;
  const origins =
    placement.mode === 'position'
      ? [positionedOrigin(placement.position, width, height, mark.width, mark.height, marginPixels(placement.marginPercent, width, height))]
      : tileOrigins({
          width,
          height,
          cell: { width: rendered.cellWidth, height: rendered.cellHeight },
          mark,
          rotation: preset.rotation,
          spacing: (placement.spacingPercent / 100) * Math.min(width, height),
        });
  return { mark, origins, outputWidth: width, outputHeight: height };
}

/** Throws INVALID_ARGUMENT for a preset that cannot be drawn, before any work (render.ts checks before decoding). */
export function checkWatermarkRequest(request: WatermarkRequest): void {
  assertWatermarkPreset(request.preset);
  if (request.preset.logoBlob !== null && !request.logo) {
    throw new StrongroomError('INVALID_ARGUMENT', `the watermark preset "${request.preset.name}" uses a logo, but the logo's image was not given`);
  }
}

/**
 * The mark for an output of width×height, or null when there is nothing to draw (the text is empty
 * once its variables are filled and there is no logo, or the opacity is zero).
 */
export async function prepareWatermark(
  request: WatermarkRequest,
  width: number,
  height: number,
  options: { resourcesDir?: string } = {},
): Promise<PreparedWatermark | null> {
  checkWatermarkRequest(request);
  const text = fillWatermarkText(request.preset.text, request.variables);
  const logo = request.preset.logoBlob !== null ? (request.logo ?? null) : null;
  if ((text === null && logo === null) || request.preset.opacity === 0) return null;
  const fontFile = resolveFontFile(options.resourcesDir);
  const key = cacheKey(request, text, logo, width, height, fontFile);
  return cachedPromise(overlayCache, key, () => prepare(request, text, logo, width, height, fontFile), (p) => (p ? p.mark.data.length + p.mark.height * 8 + p.origins.length * 16 : 0));
}

/** Blends a prepared mark into raw 8-bit pixels (3 channels, or 4 with straight alpha), in place. */
export function applyWatermark(pixels: Buffer, info: { width: number; height: number; channels: number }, prepared: PreparedWatermark): void {
  if (info.width !== prepared.outputWidth || info.height !== prepared.outputHeight) {
    throw new Error(`the watermark was prepared for ${prepared.outputWidth}×${prepared.outputHeight}, not ${info.width}×${info.height}`);
  }
  if (info.channels !== 3 && info.channels !== 4) throw new Error(`cannot watermark pixels with ${info.channels} channels`);
  if (pixels.length !== info.width * info.height * info.channels) throw new Error('the pixel buffer does not match its size');
  for (const o of prepared.origins) blendMark(pixels, info.width, info.height, info.channels, prepared.mark, o.x, o.y);
}

/**
 * Loads the font (fontconfig's first use costs ~80 ms) and runs every drawing path once on a small
 * output, so the JavaScript they run is compiled before a designer's first change is timed against
 * its 100 ms budget. Call it when the designer opens (while the asset's preview loads); it leaves
 * nothing in the caches.
 */
export async function warmUpWatermarks(options: { resourcesDir?: string } = {}): Promise<void> {
  const base: WatermarkPreset = {
    id: 'warm-up',
    name: 'warm-up',
    text: '©',
    logoBlob: null,
    sizePercent: 60,
    color: '#ffffff',
    opacity: 0.5,
    rotation: 0,
    placement: { mode: 'position', position: 'center', marginPercent: 0 },
    legibility: 'shadow',
  };
  const presets: WatermarkPreset[] = [
    base,
    { ...base, text: '© {shop}', legibility: 'outline', rotation: -30, color: '#000000', sizePercent: 40 },
    { ...base, text: '© Strongroom', sizePercent: 30, placement: { mode: 'tiled', spacingPercent: 10 }, rotation: -30, legibility: 'none' },
  ];
  // Preview-sized, twice over: V8 compiles a loop fully only after it has run for a while.
  const width = 2048;
  const height = 1365;
  const pixels = Buffer.alloc(width * height * 3, 128);
  for (let round = 0; round < 2; round += 1) {
    for (const preset of presets) {
      const prepared = await prepareWatermark({ preset: { ...preset, opacity: 0.5 + round / 10 }, variables: { shop: `Shop ${round}` } }, width, height, options);
      if (prepared) applyWatermark(pixels, { width, height, channels: 3 }, prepared);
    }
    clearWatermarkCaches();
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: PREVIEW_QUALITY, optimiseCoding: false }).toBuffer();
  clearWatermarkCaches();
}

/**
 * Drops every cached pixel, mark, text measurement and logo size. The API calls it when the vault
 * locks: decoded previews and filled-in texts (recipients' names) must not outlive the unlocked vault.
 */
export function clearWatermarkCaches(): void {
  overlayCache.clear();
  previewCache.clear();
  clearMarkCaches();
  clearTextMetrics();
  clearLogoInfo();
}

export function watermarkCacheStats(): { overlays: number; overlayBytes: number; previews: number } {
  return { overlays: overlayCache.size, overlayBytes: overlayCache.bytes, previews: previewCache.size };
}

// ---------------------------------------------------------------------------------------------------
// Designer preview

/** The vault's preview rendition is 2048 px on its long edge (ingest/decoder.ts). */
export const PREVIEW_MAX_EDGE = 2048;
const PREVIEW_MAX_PIXELS = 64_000_000;
const PREVIEW_QUALITY = 80;

interface DecodedPreview {
  data: Buffer;
  width: number;
  height: number;
  /**
   * Buffers of the same size to blend into, reused: a fresh 10 MB buffer costs more in page faults
   * than the copy itself. A pool rather than one, since a designer may fire the next change before
   * the previous encode has finished.
   */
  scratch: Buffer[];
}

const SCRATCH_POOL = 2;

/** Decoded previews, so a change in the designer costs a mark and an encode, not a decode. */
const previewCache = new LruCache<Promise<DecodedPreview>>(4);

export interface PreviewOptions {
  /** Show the output's geometry (a marketplace square, a cover crop) at preview scale. */
  rendition?: RenditionPreset;
  /** JPEG quality of the preview, 80 unless told. */
  quality?: number;
  /**
   * The longest edge to draw, at most PREVIEW_MAX_EDGE: the size the designer shows it at. Marks scale
   * with the image, so a smaller preview looks the same and costs less to blend, encode and decode.
   */
  maxEdge?: number;
  resourcesDir?: string;
  signal?: AbortSignal;
}

/** The rendition's size scaled down so its long edge fits the preview; long-edge sizes stay as they are. */
function previewSize(size: RenditionSize, maxEdge: number): RenditionSize {
  if (size.mode === 'long-edge') return { ...size, longEdge: Math.min(size.longEdge, maxEdge) };
  const k = Math.min(1, maxEdge / Math.max(size.width, size.height));
  return { ...size, width: Math.max(1, Math.round(size.width * k)), height: Math.max(1, Math.round(size.height * k)) };
}

async function decodePreview(previewJpeg: Buffer, size: RenditionSize | null, maxEdge: number): Promise<DecodedPreview> {
  configureDecoder();
  try {
    const meta = await sharp(previewJpeg, { limitInputPixels: false, pages: 1 }).metadata();
    const w0 = meta.width ?? 0;
    const h0 = meta.height ?? 0;
    if (w0 <= 0 || h0 <= 0) throw new StrongroomError('INVALID_ARGUMENT', 'the preview image declares no size');
    if (w0 * h0 > PREVIEW_MAX_PIXELS) throw new StrongroomError('INVALID_ARGUMENT', `the preview image is ${w0}×${h0}, too large for a preview`);
    const swap = (meta.orientation ?? 1) >= 5;
    const s = Math.min(1, maxEdge / Math.max(w0, h0));
    const w = Math.max(1, Math.round((swap ? h0 : w0) * s));
    const h = Math.max(1, Math.round((swap ? w0 : h0) * s));
    let pipeline = sharp(previewJpeg, { limitInputPixels: PREVIEW_MAX_PIXELS, pages: 1, failOn: 'warning' }).timeout({ seconds: 10 }).rotate();
    let background = { r: 255, g: 255, b: 255 };
    const plan = size ? planRendition(size, w, h) : null;
    // The plan is made for the w×h image, so the resize to w×h comes first when the plan keeps that size.
    const resize = plan?.resize ?? (s < 1 ? { width: w, height: h } : null);
    if (resize) pipeline = pipeline.resize(resize.width, resize.height, { fit: 'fill' });
    if (plan) {
      background = plan.background;
      if (plan.crop) pipeline = pipeline.extract(plan.crop);
    }
    pipeline = pipeline.flatten({ background });
    if (plan?.pad) pipeline = pipeline.extend({ ...plan.pad, background });
    const { data, info } = await pipeline.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`the preview decoded to ${info.channels} channels`);
    return { data, width: info.width, height: info.height, scratch: [] };
  } catch (err) {
    if (err instanceof StrongroomError) throw err;
    throw decodeFailure(err, 'the preview image');
  }
}

/**
 * The designer's live preview: the asset's preview image (typically the vault's 2048 px JPEG) with
 * the mark drawn exactly as an export draws it, sized to this image (the mark is a share of the
 * output, so the look is the output's, at preview scale). Returns a JPEG. The decoded preview and
 * the marks are cached, so a change of text, position or opacity costs one mark and one encode.
 */
export async function renderWatermarkPreview(
  previewJpeg: Buffer,
  preset: WatermarkPreset,
  variables: WatermarkVariables,
  logo?: Buffer,
  options: PreviewOptions = {},
): Promise<RenderedImage> {
  throwIfAborted(options.signal);
  if (options.rendition) assertRenditionPreset(options.rendition);
  const maxEdge = Math.max(16, Math.min(Math.round(options.maxEdge ?? PREVIEW_MAX_EDGE), PREVIEW_MAX_EDGE));
  const size = options.rendition ? previewSize(options.rendition.size, maxEdge) : null;
  const key = `${createHash('sha256').update(previewJpeg).digest('hex')}:${maxEdge}:${JSON.stringify(size)}`;
  const base = await cachedPromise(previewCache, key, () => decodePreview(previewJpeg, size, maxEdge), (p) => p.data.length * (1 + SCRATCH_POOL));
  throwIfAborted(options.signal);
  const prepared = await prepareWatermark({ preset, variables, logo }, base.width, base.height, { resourcesDir: options.resourcesDir });
  throwIfAborted(options.signal);
  // The cached pixels stay clean: blend into a copy.
  const scratch = prepared ? (base.scratch.pop() ?? Buffer.allocUnsafe(base.data.length)) : null;
  try {
    if (scratch && prepared) {
      base.data.copy(scratch);
      applyWatermark(scratch, { width: base.width, height: base.height, channels: 3 }, prepared);
    }
    // No Huffman optimisation: it would more than double the encode time (about 45 ms instead of
    // 18 ms at 2048 px here) for a few percent of bytes that never leave the machine.
    const data = await sharp(scratch ?? base.data, { raw: { width: base.width, height: base.height, channels: 3 } })
      .jpeg({ quality: options.quality ?? PREVIEW_QUALITY, chromaSubsampling: '4:2:0', optimiseCoding: false })
      .toBuffer();
    return { data, format: 'jpeg', width: base.width, height: base.height };
  } finally {
    if (scratch && base.scratch.length < SCRATCH_POOL) base.scratch.push(scratch);
  }
}
