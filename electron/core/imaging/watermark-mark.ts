import sharp from 'sharp';
import { markFromPixels, type Mark } from './blend';
import { blurChannelRows } from './halo';
import { parseHexColour, relativeLuminance, type Rgb } from './colour';
import { LruCache, cachedPromise } from './lru';
import { renderLogo, logoInfo, type LogoInfo } from './watermark-logo';
import { layoutMark, type MarkLayout } from './watermark-layout';
import { measureText, renderTextMask, type AlphaMask } from './watermark-text';
import type { WatermarkPreset } from './types';

/**
 * One watermark mark, rendered for an output of a given size: logo and text side by side, a halo
 * under them (outline or shadow) in a colour contrasting with the text, turned by the preset's
 * rotation, faded to its opacity. Everything is premultiplied RGBA, so turning (bilinear) and
 * blending need no special cases at the mark's soft edges.
 */

export interface MarkRequest {
  preset: WatermarkPreset;
  /** Filled-in text, or null. */
  text: string | null;
  logo: Buffer | null;
  outputWidth: number;
  outputHeight: number;
  fontFile: string;
}

export interface RenderedMark {
  mark: Mark;
  layout: MarkLayout;
  /** The unrotated mark with its halo padding: the tile cell of a tiled mark. */
  cellWidth: number;
  cellHeight: number;
}

/** Black halo under light text, white under dark text. */
export function haloColour(text: Rgb): Rgb {
  return relativeLuminance(text) > 0.3 ? { r: 0, g: 0, b: 0 } : { r: 255, g: 255, b: 255 };
}

async function rotate(data: Buffer, width: number, height: number, degrees: number): Promise<Pixels> {
  // Premultiplied data turns correctly with plain bilinear resampling; sharp does not premultiply
  // for a rotation, and the transparent background adds nothing.
  const { data: out, info } = await sharp(data, { raw: { width, height, channels: 4 } })
    .rotate(degrees, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`turning the watermark gave ${info.channels} channels`);
  return { data: out, width: info.width, height: info.height };
}

interface Pixels {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Two caches below the prepared overlay (watermark.ts), for the designer: the composed mark before it
 * is turned (text, logo, halo: the expensive part), and the turned mark before its opacity. Dragging
 * the opacity slider then costs one pass over the mark; turning it, one rotation.
 */
const contentCache = new LruCache<Promise<Pixels>>(16, 64 * 2 ** 20);
const turnedCache = new LruCache<Promise<Pixels>>(16, 64 * 2 ** 20);
const bytesOf = (p: Pixels) => p.data.length;

export function clearMarkCaches(): void {
  contentCache.clear();
  turnedCache.clear();
}

async function composeContent(request: MarkRequest, layout: MarkLayout, dpi: number, logoMeta: LogoInfo | null): Promise<Pixels> {
  const { preset, text } = request;
  const logo = preset.logoBlob !== null ? request.logo : null;
  const textMask: AlphaMask | null = text && layout.textSize ? await renderTextMask(text, dpi, request.fontFile) : null;
  let logoW = 0;
  let logoH = 0;
  let logoPixels: Buffer | null = null;
  if (logo && logoMeta && layout.logoSize) {
    // Beside text, the logo matches the height the text actually rendered at (dpi is whole).
    logoH = Math.max(1, textMask ? textMask.height : Math.round(layout.logoSize.height));
    logoW = Math.max(1, Math.round((logoH * logoMeta.width) / logoMeta.height));
    logoPixels = await renderLogo(logo, logoW, logoH);
  }
  const gap = textMask && logoPixels ? Math.round(layout.gap) : 0;
  const pad = layout.pad;
  const contentW = logoW + gap + (textMask?.width ?? 0);
  const contentH = Math.max(logoH, textMask?.height ?? 0);
  const width = contentW + 2 * pad;
  const height = contentH + 2 * pad;
  const canvas = Buffer.alloc(width * height * 4);

  if (logoPixels) {
    const top = pad + Math.floor((contentH - logoH) / 2);
    for (let y = 0; y < logoH; y += 1) {
      logoPixels.copy(canvas, ((top + y) * width + pad) * 4, y * logoW * 4, (y + 1) * logoW * 4);
    }
  }
  if (textMask) {
    const colour = parseHexColour(preset.color, 'the watermark colour');
    // Premultiplied colour per coverage value, so the loop does no arithmetic.
    const lut = (c: number) => Uint8Array.from({ length: 256 }, (_, a) => Math.round((c * a) / 255));
    const [lr, lg, lb] = [lut(colour.r), lut(colour.g), lut(colour.b)];
    const left = pad + logoW + gap;
    const top = pad + Math.floor((contentH - textMask.height) / 2);
    const mw = textMask.width;
    for (let y = 0; y < textMask.height; y += 1) {
      let m = y * mw;
      let i = ((top + y) * width + left) * 4;
      for (let x = 0; x < mw; x += 1, m += 1, i += 4) {
        const a = textMask.data[m]!;
        if (a === 0) continue;
        canvas[i] = lr[a]!;
        canvas[i + 1] = lg[a]!;
        canvas[i + 2] = lb[a]!;
        canvas[i + 3] = a;
      }
    }
  }

  if (layout.halo) {
    const halo = layout.halo;
    const blurred = blurChannelRows(canvas, 4, 3, width, height, halo.sigma);
    // The halo colour is black or white, so under the mark it adds alpha, and for white the same to
    // each colour channel: mark + halo × (1 − mark alpha), premultiplied, in integers.
    const white = haloColour(parseHexColour(preset.color, 'the watermark colour')).r === 255;
    const strength = Uint8Array.from({ length: 256 }, (_, v) => Math.round(Math.min(255, v * halo.gain) * halo.alpha));
    const dx = Math.round(halo.offsetX);
    const dy = Math.round(halo.offsetY);
    // The blur was taken from the alpha before this loop changes it (a copy, or the shrunk grid).
    const x0 = Math.max(0, dx);
    const x1 = Math.min(width, width + dx);
    for (let y = Math.max(0, dy); y < Math.min(height, height + dy); y += 1) {
      const source = blurred.row(y - dy);
      let i = (y * width + x0) * 4;
      for (let x = x0; x < x1; x += 1, i += 4) {
        const h = strength[source[x - dx]! | 0]!;
        if (h === 0) continue;
        const a = canvas[i + 3]!;
        const add = ((h * (255 - a) + 127) / 255) | 0;
        canvas[i + 3] = a + add;
        if (white) {
          canvas[i] = canvas[i]! + add;
          canvas[i + 1] = canvas[i + 1]! + add;
          canvas[i + 2] = canvas[i + 2]! + add;
        }
      }
    }
  }
  return { data: canvas, width, height };
}

export async function renderMark(request: MarkRequest): Promise<RenderedMark | null> {
  const { preset, text, outputWidth, outputHeight } = request;
  const logo = preset.logoBlob !== null ? request.logo : null;
  const [metrics, logoMeta] = await Promise.all([text ? measureText(text, request.fontFile) : null, logo ? logoInfo(logo) : null]);
  const layout = layoutMark({
    content: { text: metrics, logoAspect: logoMeta ? logoMeta.width / logoMeta.height : null },
    legibility: preset.legibility,
    sizePercent: preset.sizePercent,
    rotation: preset.rotation,
    placement: preset.placement,
    outputWidth,
    outputHeight,
  });
  if (!layout) return null;

  // Everything the composed mark depends on, in the units it is drawn in: outputs of different sizes
  // that come to the same dpi share it.
  const dpi = Math.max(1, Math.round(layout.scale));
  const halo = layout.halo;
  const contentKey = JSON.stringify([
    request.fontFile,
    text,
    logoMeta?.key ?? null,
    text ? dpi : Math.round(layout.logoSize?.height ?? 0),
    Math.round(layout.gap),
    layout.pad,
    halo ? [halo.sigma.toFixed(2), halo.gain, halo.alpha, Math.round(halo.offsetX), Math.round(halo.offsetY)] : null,
    preset.color.toLowerCase(),
  ]);
  const content = await cachedPromise(contentCache, contentKey, () => composeContent(request, layout, dpi, logoMeta), bytesOf);
  const degrees = ((preset.rotation % 360) + 360) % 360;
  const turned =
    degrees > 0.01 && degrees < 359.99
      ? await cachedPromise(turnedCache, `${contentKey}@${preset.rotation}`, () => rotate(content.data, content.width, content.height, preset.rotation), bytesOf)
      : content;

  // The cached pixels are shared: fading makes a copy, full opacity uses them as they are (blending only reads).
  let data = turned.data;
  if (preset.opacity < 1) {
    // Premultiplied, so all four bytes of a pixel scale alike: two at a time in 32-bit words
    // (R and B, then G and A), with the factor in 1/256ths. Endianness does not matter here.
    const f = Math.round(preset.opacity * 256);
    // A Uint8Array copy has its own ArrayBuffer (a Buffer copy might come from the pool, unaligned).
    const aligned = turned.data.byteOffset % 4 === 0 ? turned.data : new Uint8Array(turned.data);
    const src = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
    const out = new Uint32Array(src.length);
    for (let i = 0; i < src.length; i += 1) {
      const w = src[i]!;
      if (w === 0) continue;
      out[i] = ((((w & 0x00ff00ff) * f) >>> 8) & 0x00ff00ff) | ((((w >>> 8) & 0x00ff00ff) * f) & 0xff00ff00);
    }
    data = Buffer.from(out.buffer);
  }
  return { mark: markFromPixels(turned.width, turned.height, data), layout, cellWidth: content.width, cellHeight: content.height };
}
