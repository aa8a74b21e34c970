import type { WatermarkLegibility, WatermarkPlacement, WatermarkPosition } from './types';

/**
 * The geometry of a watermark, as pure arithmetic: how large the mark is for an output of W×H, where
 * it goes, and where the tiles of a tiled mark go. Every length is a fraction of the output (the mark's
 * width of the output width, margins and spacing of the short edge, the halo of the text's line
 * height), so a 400 px thumbnail and a 3000 px rendition carry the same-looking mark.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Bounding box of a w×h rectangle turned by `degrees`. */
export function rotatedSize(width: number, height: number, degrees: number): Size {
  const rad = (degrees * Math.PI) / 180;
  const c = Math.abs(Math.cos(rad));
  const s = Math.abs(Math.sin(rad));
  return { width: width * c + height * s, height: width * s + height * c };
}

/** The logo is as tall as the text block beside it, separated by this share of a text line. */
export const LOGO_GAP_LINES = 0.35;

/** Halo sizes per line of text (per half logo height for a logo alone). */
export const HALO = {
  outline: { sigma: 0.05, gain: 4, alpha: 0.85, offsetX: 0, offsetY: 0 },
  shadow: { sigma: 0.07, gain: 1.8, alpha: 0.75, offsetX: 0.035, offsetY: 0.05 },
} as const;

/** How far a halo reaches beyond the ink, in units of sigma (a Gaussian is negligible past 3σ). */
const HALO_REACH_SIGMAS = 3;
/**
 * The halo follows the text's line height, up to a line of this share of the output's short edge:
 * a mark of a few huge letters gets a crisp outline or a close shadow, not a blur the size of a
 * thumb (which would also cost more to draw than the rest of the mark).
 */
export const HALO_LINE_CAP = 0.12;

export interface MarkContent {
  /** Text size per dpi (null: no text). */
  text: { widthPerDpi: number; heightPerDpi: number; lines: number } | null;
  /** Logo width / height (null: no logo). */
  logoAspect: number | null;
}

export interface MarkLayout {
  /** The text's dpi, or for a logo alone the logo's height in pixels: everything scales with it. */
  scale: number;
  textSize: Size | null;
  logoSize: Size | null;
  gap: number;
  /** The unrotated mark without its halo padding. */
  contentWidth: number;
  contentHeight: number;
  /** Transparent border for the halo to spread into. */
  pad: number;
  halo: { sigma: number; gain: number; alpha: number; offsetX: number; offsetY: number } | null;
}

function layoutAt(scale: number, content: MarkContent, legibility: WatermarkLegibility, shortEdge: number): MarkLayout {
  const t = content.text;
  const textSize = t ? { width: t.widthPerDpi * scale, height: t.heightPerDpi * scale } : null;
  const line = t ? (t.heightPerDpi * scale) / t.lines : scale / 2;
  const logoHeight = t ? t.heightPerDpi * scale : scale;
  const logoSize = content.logoAspect !== null ? { width: logoHeight * content.logoAspect, height: logoHeight } : null;
  const gap = textSize && logoSize ? LOGO_GAP_LINES * line : 0;
  const contentWidth = (textSize?.width ?? 0) + gap + (logoSize?.width ?? 0);
  const contentHeight = Math.max(textSize?.height ?? 0, logoSize?.height ?? 0);
  let halo: MarkLayout['halo'] = null;
  let pad = 0;
  if (legibility !== 'none') {
    const h = HALO[legibility];
    const unit = Math.min(line, HALO_LINE_CAP * shortEdge);
    halo = { sigma: Math.max(0.5, h.sigma * unit), gain: h.gain, alpha: h.alpha, offsetX: h.offsetX * unit, offsetY: h.offsetY * unit };
    pad = Math.ceil(HALO_REACH_SIGMAS * halo.sigma + Math.max(halo.offsetX, halo.offsetY)) + 1;
  }
  return { scale, textSize, logoSize, gap, contentWidth, contentHeight, pad, halo };
}

/**
 * The layout for an output of width×height: the content sized to `sizePercent` of the output width,
 * then shrunk if the turned mark with its halo would not fit inside the margins (or, tiled, inside
 * the image): a 100 % mark at 45° must still show whole.
 */
export function layoutMark(options: {
  content: MarkContent;
  legibility: WatermarkLegibility;
  sizePercent: number;
  rotation: number;
  placement: WatermarkPlacement;
  outputWidth: number;
  outputHeight: number;
}): MarkLayout | null {
  const { content, outputWidth: W, outputHeight: H } = options;
  if (!content.text && content.logoAspect === null) return null;
  const shortEdge = Math.min(W, H);
  const unit = layoutAt(1, content, options.legibility, shortEdge);
  if (!(unit.contentWidth > 0)) return null;
  let scale = ((options.sizePercent / 100) * W) / unit.contentWidth;
  const margin = options.placement.mode === 'position' ? marginPixels(options.placement.marginPercent, W, H) : 0;
  const availW = Math.max(1, W - 2 * margin);
  const availH = Math.max(1, H - 2 * margin);
  // The padding is nearly proportional to the scale (up to its rounding), so two passes settle it.
  for (let pass = 0; pass < 2; pass += 1) {
    const l = layoutAt(scale, content, options.legibility, shortEdge);
    const box = rotatedSize(l.contentWidth + 2 * l.pad, l.contentHeight + 2 * l.pad, options.rotation);
    const shrink = Math.min(1, availW / box.width, availH / box.height);
    if (shrink >= 0.999) break;
    scale *= shrink * 0.995;
  }
  return layoutAt(scale, content, options.legibility, shortEdge);
}

export function marginPixels(marginPercent: number, width: number, height: number): number {
  return Math.round((marginPercent / 100) * Math.min(width, height));
}

/** Top-left corner of a w×h mark at one of the nine positions, `margin` pixels from the edges. */
export function positionedOrigin(position: WatermarkPosition, width: number, height: number, markWidth: number, markHeight: number, margin: number): Point {
  const col = position.endsWith('left') ? 0 : position.endsWith('right') ? 2 : 1;
  const row = position.startsWith('top') ? 0 : position.startsWith('bottom') ? 2 : 1;
  const along = (index: number, outer: number, inner: number) =>
    index === 0 ? margin : index === 2 ? outer - margin - inner : Math.round((outer - inner) / 2);
  return { x: along(col, width, markWidth), y: along(row, height, markHeight) };
}

/**
 * Tiled: marks in rows that run along the mark's own rotation (so text reads along the diagonal), the
 * rows offset by half a step like bricks, one mark centred on the image, covering every corner.
 * `cell` is the unrotated mark with its padding; `mark` its turned bounding box.
 */
export function tileOrigins(options: {
  width: number;
  height: number;
  cell: Size;
  mark: Size;
  rotation: number;
  spacing: number;
}): Point[] {
  const { width: W, height: H, cell, mark } = options;
  const stepU = Math.max(1, cell.width + options.spacing);
  const stepV = Math.max(1, cell.height + options.spacing);
  const rad = (options.rotation * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const reach = Math.hypot(W, H) / 2 + Math.max(mark.width, mark.height);
  const maxI = Math.ceil(reach / stepU) + 1;
  const maxJ = Math.ceil(reach / stepV) + 1;
  const points: Point[] = [];
  for (let j = -maxJ; j <= maxJ; j += 1) {
    const shift = j % 2 === 0 ? 0 : stepU / 2;
    for (let i = -maxI; i <= maxI; i += 1) {
      const u = i * stepU + shift;
      const v = j * stepV;
      // Clockwise on screen (y points down), as sharp and CSS turn.
      const cx = W / 2 + u * cos - v * sin;
      const cy = H / 2 + u * sin + v * cos;
      const x = Math.round(cx - mark.width / 2);
      const y = Math.round(cy - mark.height / 2);
      if (x < W && y < H && x + mark.width > 0 && y + mark.height > 0) points.push({ x, y });
    }
  }
  return points;
}
