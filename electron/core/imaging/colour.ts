import { StrongroomError } from '../errors';

/** An sRGB colour, 0–255 per channel. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const HEX_COLOUR = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/**
 * Presets store colours as `#rrggbb` (the API normalises them); anything else here is a programming
 * error upstream, reported with the field it came from rather than as a libvips failure later.
 */
export function parseHexColour(value: string, field: string): Rgb {
  const m = HEX_COLOUR.exec(value);
  if (!m) throw new StrongroomError('INVALID_ARGUMENT', `${field} must be a colour written as #rrggbb, got "${value}"`);
  return { r: parseInt(m[1]!, 16), g: parseInt(m[2]!, 16), b: parseInt(m[3]!, 16) };
}

/** WCAG relative luminance, 0 (black) to 1 (white): decides whether a halo should be dark or light. */
export function relativeLuminance(c: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}
