import sharp from 'sharp';
import { throwIfAborted } from '../cancel';
import type { Rgb } from './colour';
import { encodeAs, formatHasAlpha } from './encode';
import { applyExifPatches, fixWebpExifChunk, planExifRights } from './exif-rights';
import { planRendition, sharpenSigma } from './rendition-plan';
import { DEFAULT_MAX_INPUT_PIXELS, decodeFailure, openSource, probeSource, RENDER_TIMEOUT_SECONDS } from './source';
import { srgbProfile, wrapAsTiff } from './tiff-wrap';
import { assertRenditionPreset, assertRightsProfile } from './validate';
import { applyWatermark, checkWatermarkRequest, prepareWatermark, type PreparedWatermark, type WatermarkRequest } from './watermark';
import { buildRightsXmp } from './xmp';
import type { RenderedImage, RenditionPreset, RightsProfile } from './types';

/**
 * The one pipeline every image leaving the vault goes through: rendition → watermark → metadata
 * hygiene → rights.
 *
 * It runs as two sharp pipelines with raw pixels between them:
 *  1. decode → upright (EXIF orientation) → resize / crop → flatten (JPEG) → sharpen → sRGB, to raw
 *     8-bit pixels, then padded to the box (contain) at output size;
 *  2. those pixels (+ the watermark, blended in JavaScript), wrapped with the sRGB profile (see
 *     tiff-wrap.ts) → encode, keeping that profile, with only the rights as metadata.
 * Measured on 12 and 24 MP JPEGs, the split costs nothing against one pipeline (the pixels are
 * identical too), and it buys two things. The watermark is blended at output size and only where it
 * is (see blend.ts). And metadata hygiene holds by construction: the encoder's input is bare pixels
 * and a profile we chose, so no EXIF, GPS, maker note, XMP, IPTC, comment, thumbnail or source profile
 * can reach the output, whatever the source contains; the output carries exactly what stage 2 writes.
 */

export interface RenderRequest {
  rendition: RenditionPreset;
  watermark?: WatermarkRequest;
  rights: RightsProfile;
  signal?: AbortSignal;
  /** Refuse originals above this many pixels (DEFAULT_MAX_INPUT_PIXELS). */
  maxInputPixels?: number;
  /** Where resources/fonts is (see fonts.ts); the checkout's by default. */
  resourcesDir?: string;
}

/** The image centred on a larger canvas of the background colour (opaque where there is alpha). */
export function padPixels(
  pixels: Buffer,
  info: { width: number; height: number; channels: 3 | 4 },
  pad: { top: number; bottom: number; left: number; right: number },
  background: Rgb,
): Buffer {
  const { width, height, channels } = info;
  const outWidth = width + pad.left + pad.right;
  const outHeight = height + pad.top + pad.bottom;
  const rowBytes = outWidth * channels;
  const backgroundRow = Buffer.alloc(rowBytes);
  for (let x = 0; x < outWidth; x += 1) {
    backgroundRow[x * channels] = background.r;
    backgroundRow[x * channels + 1] = background.g;
    backgroundRow[x * channels + 2] = background.b;
    if (channels === 4) backgroundRow[x * channels + 3] = 255;
  }
  const out = Buffer.allocUnsafe(rowBytes * outHeight);
  for (let y = 0; y < outHeight; y += 1) {
    const row = y * rowBytes;
    const source = y - pad.top;
    if (source < 0 || source >= height) {
      backgroundRow.copy(out, row);
      continue;
    }
    backgroundRow.copy(out, row, 0, pad.left * channels);
    pixels.copy(out, row + pad.left * channels, source * width * channels, (source + 1) * width * channels);
    backgroundRow.copy(out, row + (pad.left + width) * channels, (pad.left + width) * channels);
  }
  return out;
}

/**
 * Above this many pixels the encoder gets the raw pixels and converts sRGB to sRGB to attach the
 * profile (slower) instead of a TIFF-wrapped copy (a second full-size buffer: 300 MB for 100 MP).
 */
export const MAX_WRAPPED_PIXELS = 40_000_000;

/** The encoding stage's input: the pixels, tagged sRGB (see tiff-wrap.ts); identical pixels either way. */
export async function encoderInput(pixels: Buffer, info: { width: number; height: number; channels: 3 | 4 }, maxWrapped = MAX_WRAPPED_PIXELS): Promise<sharp.Sharp> {
  if (info.width * info.height > maxWrapped) {
    return sharp(pixels, { raw: { width: info.width, height: info.height, channels: info.channels }, limitInputPixels: false }).withIccProfile('srgb');
  }
  const wrapped = wrapAsTiff(pixels, info.width, info.height, info.channels, await srgbProfile());
  return sharp(wrapped, { limitInputPixels: false, failOn: 'warning' }).keepIccProfile();
}

export async function renderImage(original: Buffer, request: RenderRequest): Promise<RenderedImage> {
  const { rendition, rights, signal } = request;
  assertRenditionPreset(rendition);
  assertRightsProfile(rights);
  if (request.watermark) checkWatermarkRequest(request.watermark);
  // Built first: a rights profile too long to embed fails before any decoding.
  const xmp = buildRightsXmp(rights);
  const exif = planExifRights(rights);
  const maxPixels = request.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  throwIfAborted(signal);

  const source = await probeSource(original, maxPixels);
  const plan = planRendition(rendition.size, source.width, source.height);
  const keepAlpha = source.hasAlpha && formatHasAlpha(rendition.format);
  throwIfAborted(signal);

  // The mark depends only on the output size, known now: prepare it (or find it cached) while the
  // original decodes.
  let watermark: Promise<PreparedWatermark | null> | null = null;
  if (request.watermark) {
    watermark = prepareWatermark(request.watermark, plan.width, plan.height, { resourcesDir: request.resourcesDir });
    watermark.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  }

  let pipeline = openSource(original, source, maxPixels).rotate();
  if (plan.resize) pipeline = pipeline.resize(plan.resize.width, plan.resize.height, { fit: 'fill' });
  if (plan.crop) pipeline = pipeline.extract(plan.crop);
  if (!keepAlpha) pipeline = pipeline.flatten({ background: plan.background });
  // Padding (contain) is added after this pipeline, in padPixels: sharp would extend before it
  // sharpens, and the sharpening would then draw a dark or light line along the photo's edge.
  const sigma = rendition.sharpen ? sharpenSigma(plan.reduction) : null;
  if (sigma !== null) pipeline = pipeline.sharpen({ sigma });
  // sharp converts an embedded profile to sRGB by itself, except for 16-bit images, which it takes to
  // P3 and leaves there unless an output profile is asked for. Asking for it on a 16-bit image
  // WITHOUT a profile would be wrong the other way (sharp would treat its sRGB as P3), so only here.
  if (source.is16Bit && source.hasProfile) pipeline = pipeline.withIccProfile('srgb');

  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    decoded = await pipeline.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw decodeFailure(err, 'the original');
  }
  if (decoded.info.channels !== 3 && decoded.info.channels !== 4) throw new Error(`the rendition decoded to ${decoded.info.channels} channels`);
  const channels = decoded.info.channels;
  let pixels = decoded.data;
  let info = { width: decoded.info.width, height: decoded.info.height, channels };
  if (plan.pad) {
    pixels = padPixels(pixels, info, plan.pad, plan.background);
    info = { width: info.width + plan.pad.left + plan.pad.right, height: info.height + plan.pad.top + plan.pad.bottom, channels };
  }
  throwIfAborted(signal);

  if (watermark) {
    let prepared = await watermark;
    // Only if sharp's rounding differed from the plan (it does not, but the mark must fit exactly).
    if (prepared && (prepared.outputWidth !== info.width || prepared.outputHeight !== info.height)) {
      prepared = await prepareWatermark(request.watermark!, info.width, info.height, { resourcesDir: request.resourcesDir });
    }
    if (prepared) applyWatermark(pixels, info, prepared);
    throwIfAborted(signal);
  }

  let out = (await encoderInput(pixels, info)).timeout({ seconds: RENDER_TIMEOUT_SECONDS });
  if (exif) out = out.withExif(exif.exif);
  if (xmp) out = out.withXmp(xmp);
  let data = await encodeAs(out, rendition.format, rendition.quality).toBuffer();
  if (exif) {
    applyExifPatches(data, rendition.format, exif);
    if (rendition.format === 'webp') data = fixWebpExifChunk(data);
  }
  throwIfAborted(signal);
  return { data, format: rendition.format, width: info.width, height: info.height };
}
