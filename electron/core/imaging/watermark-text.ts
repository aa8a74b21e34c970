import sharp from 'sharp';
import { LruCache, cachedPromise } from './lru';
import { WATERMARK_FONT } from './fonts';
import type { WatermarkVariables } from './types';

/**
 * The text of a watermark: its variables filled, made safe for Pango, and rendered to a coverage mask
 * with libvips' text operation (Pango + FreeType, not an SVG: the SVG loader is blocked engine-wide).
 */

const VARIABLE = /\{(recipient|date|shop|shareId)\}/g;
/** C0/C1 controls other than newline, and the bidi embedding and isolate controls, which could reorder the rest of a line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const STRIP = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The template with {recipient}, {date}, {shop} and {shareId} replaced in one pass (a value containing
 * "{shop}" stays literal), missing variables as empty text. Line breaks are kept (CR LF becomes LF),
 * other controls dropped, the result trimmed; null when nothing visible is left.
 */
export function fillWatermarkText(template: string | null, variables: WatermarkVariables): string | null {
  if (template === null) return null;
  const filled = template.replace(VARIABLE, (_, name: keyof WatermarkVariables) => variables[name] ?? '');
  const clean = filled.normalize('NFC').replace(/\r\n?/g, '\n').replace(STRIP, '').trim();
  return clean === '' ? null : clean;
}

/**
 * libvips always parses its text as Pango markup, so a recipient called "<b>Ann & Co" would otherwise
 * be bold, or make the whole render fail on the ampersand. Every markup special becomes an entity.
 */
export function escapePangoMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** One byte of coverage (0–255) per pixel. */
export interface AlphaMask {
  width: number;
  height: number;
  data: Buffer;
}

/** Renders text in the watermark font at `dpi` (72 dpi: 1 pt = 1 px), one line per \n, centred. */
export async function renderTextMask(text: string, dpi: number, fontFile: string): Promise<AlphaMask> {
  const { data, info } = await sharp({
    text: {
      text: escapePangoMarkup(text),
      font: WATERMARK_FONT,
      fontfile: fontFile,
      dpi: Math.max(1, Math.round(dpi)),
      align: 'centre',
      wrap: 'none',
    },
  })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`the text renderer returned ${info.channels} channels, expected 1`);
  return { width: info.width, height: info.height, data };
}

/** Text sizes are proportional to the dpi; measured once at this resolution, then scaled. */
export const REFERENCE_DPI = 288;

export interface TextMetrics {
  widthPerDpi: number;
  heightPerDpi: number;
  lines: number;
}

const metricsCache = new LruCache<Promise<TextMetrics>>(256);

/** The keys hold filled-in text (recipients' names): dropped with the other caches when the vault locks. */
export function clearTextMetrics(): void {
  metricsCache.clear();
}

/** The text's size per dpi, so the dpi for a wanted width is one division (cached per text and font). */
export function measureText(text: string, fontFile: string): Promise<TextMetrics> {
  return cachedPromise(
    metricsCache,
    `${fontFile}\u0000${text}`,
    async () => {
      const mask = await renderTextMask(text, REFERENCE_DPI, fontFile);
      return { widthPerDpi: mask.width / REFERENCE_DPI, heightPerDpi: mask.height / REFERENCE_DPI, lines: text.split('\n').length };
    },
    () => 64,
  );
}
