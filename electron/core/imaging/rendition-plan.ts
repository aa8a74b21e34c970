import { parseHexColour, type Rgb } from './colour';
import type { RenditionSize } from './types';

/**
 * The geometry of a rendition, decided before any pixel is decoded: the size the image is resized to,
 * an optional centred crop (cover) or padding (contain), and the final output size. Knowing the output
 * size up front lets the watermark overlay be prepared while the original decodes.
 *
 * Renditions never enlarge the image. `contain` still always yields the exact box (marketplaces want
 * the square): an image smaller than the box is padded, not scaled up.
 */
export interface RenditionPlan {
  /** Resize the upright source to exactly this (null: keep its size). */
  resize: { width: number; height: number } | null;
  /** Then cut this region out (cover). */
  crop: { left: number; top: number; width: number; height: number } | null;
  /** Then pad to the box with the background (contain). */
  pad: { top: number; bottom: number; left: number; right: number } | null;
  /** The output's size. */
  width: number;
  height: number;
  /** Source pixels per output pixel of the image content: > 1 is a downscale. */
  reduction: number;
  /** The box background, or white: padding, and flattening alpha for JPEG. */
  background: Rgb;
}

const WHITE: Rgb = { r: 255, g: 255, b: 255 };

export function planRendition(size: RenditionSize, sourceWidth: number, sourceHeight: number): RenditionPlan {
  const round = (v: number) => Math.max(1, Math.round(v));
  const fitScale = (w: number, h: number) => Math.min(1, w / sourceWidth, h / sourceHeight);
  const scaled = (s: number) => (s >= 1 ? null : { width: round(sourceWidth * s), height: round(sourceHeight * s) });

  if (size.mode === 'long-edge') {
    const s = Math.min(1, size.longEdge / Math.max(sourceWidth, sourceHeight));
    const resize = scaled(s);
    return { resize, crop: null, pad: null, width: resize?.width ?? sourceWidth, height: resize?.height ?? sourceHeight, reduction: 1 / s, background: WHITE };
  }

  const background = parseHexColour(size.background, 'the box background');
  if (size.fit === 'fit' || size.fit === 'contain') {
    const s = fitScale(size.width, size.height);
    const resize = scaled(s);
    const w = resize?.width ?? sourceWidth;
    const h = resize?.height ?? sourceHeight;
    if (size.fit === 'fit') return { resize, crop: null, pad: null, width: w, height: h, reduction: 1 / s, background };
    const left = Math.floor((size.width - w) / 2);
    const top = Math.floor((size.height - h) / 2);
    const pad = { left, top, right: size.width - w - left, bottom: size.height - h - top };
    const padded = pad.left + pad.top + pad.right + pad.bottom > 0;
    return { resize, crop: null, pad: padded ? pad : null, width: size.width, height: size.height, reduction: 1 / s, background };
  }

  // cover: fill the box, cut the overflow evenly from both sides; without enlarging, a source smaller
  // than the box in one direction keeps its size there and the output is smaller than the box.
  const s = Math.min(1, Math.max(size.width / sourceWidth, size.height / sourceHeight));
  const resize = scaled(s);
  const w = resize?.width ?? sourceWidth;
  const h = resize?.height ?? sourceHeight;
  const outW = Math.min(size.width, w);
  const outH = Math.min(size.height, h);
  const crop = outW < w || outH < h ? { left: Math.floor((w - outW) / 2), top: Math.floor((h - outH) / 2), width: outW, height: outH } : null;
  return { resize, crop, pad: null, width: outW, height: outH, reduction: 1 / s, background };
}

/**
 * A mild unsharp mask scaled to the reduction: resampling by 2× softens edges a little, by 8× more;
 * nothing below 1.1× (the kernel barely blurs there). Returns sharp's sigma, or null for none.
 */
export function sharpenSigma(reduction: number): number | null {
  if (!(reduction >= 1.1)) return null;
  return Math.min(1.1, 0.5 + 0.18 * Math.log2(reduction));
}
