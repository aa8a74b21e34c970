import type { RenditionPreset } from './types';

/**
 * The rendition presets Strongroom ships, one per common channel. The catalog stores them as rows the
 * owner may edit (and reset to these values) but not delete; the ids are stable so a reset, an update
 * of Strongroom or a CLI script (`--rendition builtin-web`) always finds the same preset.
 *
 * Sizes follow what the channels ask for: marketplaces want a square on white with the product filling
 * it (Amazon, eBay and Etsy all accept 2000 px and zoom on it); a shop page wants a light WebP; grids
 * want small thumbnails. Every downscaling preset sharpens, because a reduction softens edges.
 */
const presets = [
  {
    id: 'builtin-marketplace',
    name: 'Marketplace 2000 px',
    builtIn: true,
    size: { mode: 'box', width: 2000, height: 2000, fit: 'contain', background: '#ffffff' },
    format: 'jpeg',
    quality: 85,
    sharpen: true,
  },
  {
    id: 'builtin-web',
    name: 'Web 1200 px',
    builtIn: true,
    size: { mode: 'long-edge', longEdge: 1200 },
    format: 'webp',
    quality: 80,
    sharpen: true,
  },
  {
    id: 'builtin-social-square',
    name: 'Social square 1080 px',
    builtIn: true,
    size: { mode: 'box', width: 1080, height: 1080, fit: 'cover', background: '#ffffff' },
    format: 'jpeg',
    quality: 85,
    sharpen: true,
  },
  {
    id: 'builtin-thumbnail',
    name: 'Thumbnail 400 px',
    builtIn: true,
    size: { mode: 'long-edge', longEdge: 400 },
    format: 'jpeg',
    quality: 80,
    sharpen: true,
  },
  {
    // Renditions never enlarge, so the largest edge the formats allow means "as large as the original".
    id: 'builtin-full-size',
    name: 'Full size JPEG',
    builtIn: true,
    size: { mode: 'long-edge', longEdge: 16383 },
    format: 'jpeg',
    quality: 92,
    sharpen: false,
  },
] as const satisfies readonly RenditionPreset[];

export type BuiltinRenditionPresetId = (typeof presets)[number]['id'];

export const BUILTIN_RENDITION_PRESET_IDS: readonly BuiltinRenditionPresetId[] = presets.map((p) => p.id);

/** Fresh copies every call: callers (the catalog seeding rows, a reset) may change what they get. */
export function builtinRenditionPresets(): RenditionPreset[] {
  return presets.map((p) => structuredClone(p) as RenditionPreset);
}

export function builtinRenditionPreset(id: string): RenditionPreset | null {
  const found = presets.find((p) => p.id === id);
  return found ? (structuredClone(found) as RenditionPreset) : null;
}
