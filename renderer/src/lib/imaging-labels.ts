import type { z } from 'zod';
import {
  dataMiningSchema,
  renditionFormatSchema,
  type boxFitSchema,
  type watermarkLegibilitySchema,
  type watermarkPositionSchema,
} from '../../../shared/api/imaging-schemas';

export type DataMining = z.infer<typeof dataMiningSchema>;
export type RenditionFormat = z.infer<typeof renditionFormatSchema>;
export type BoxFit = z.infer<typeof boxFitSchema>;
export type WatermarkPosition = z.infer<typeof watermarkPositionSchema>;
export type WatermarkLegibility = z.infer<typeof watermarkLegibilitySchema>;

/** Display names for the export vocabulary, in the order the UI lists them. */

/** IPTC 2023.1 Data Mining values (plus:DataMining), said the way the IPTC's own guidance words them. */
export const DATA_MINING_LABELS: Readonly<Record<DataMining, string>> = {
  unspecified: 'Unspecified (written as such)',
  allowed: 'Allowed',
  'prohibited-ai': 'Prohibited for AI/ML training',
  'prohibited-genai': 'Prohibited for generative AI/ML training',
  'prohibited-except-search': 'Prohibited except for search engine indexing',
  prohibited: 'Prohibited',
  'prohibited-see-constraints': 'Prohibited, see other constraints',
};
export const DATA_MINING_ORDER: readonly DataMining[] = dataMiningSchema.options;

export const RENDITION_FORMAT_LABELS: Readonly<Record<RenditionFormat, string>> = { jpeg: 'JPEG', webp: 'WebP', avif: 'AVIF', png: 'PNG' };
export const RENDITION_FORMAT_ORDER: readonly RenditionFormat[] = renditionFormatSchema.options;

export const BOX_FIT_LABELS: Readonly<Record<BoxFit, string>> = {
  contain: 'Contain: the whole image, padded to the exact box',
  cover: 'Cover: fill the box, crop what overflows',
  fit: 'Fit: the whole image inside the box, no padding',
};
export const BOX_FIT_ORDER: readonly BoxFit[] = ['contain', 'cover', 'fit'];

/** Row by row, as the 3×3 placement grid shows them. */
export const POSITION_ORDER: readonly WatermarkPosition[] = ['top-left', 'top', 'top-right', 'left', 'center', 'right', 'bottom-left', 'bottom', 'bottom-right'];
export const POSITION_LABELS: Readonly<Record<WatermarkPosition, string>> = {
  'top-left': 'Top left',
  top: 'Top centre',
  'top-right': 'Top right',
  left: 'Middle left',
  center: 'Centre',
  right: 'Middle right',
  'bottom-left': 'Bottom left',
  bottom: 'Bottom centre',
  'bottom-right': 'Bottom right',
};

export const LEGIBILITY_LABELS: Readonly<Record<WatermarkLegibility, string>> = { none: 'None', outline: 'Outline', shadow: 'Shadow' };
export const LEGIBILITY_ORDER: readonly WatermarkLegibility[] = ['none', 'outline', 'shadow'];

/** What a watermark's text may contain, filled in when an image is rendered. */
export const WATERMARK_VARIABLES: readonly { readonly name: string; readonly hint: string }[] = [
  { name: 'shop', hint: 'your shop name (set in Rights & ownership), else the creator' },
  { name: 'date', hint: 'the day of the export' },
  { name: 'recipient', hint: 'who a share link is for; empty in exports' },
  { name: 'shareId', hint: 'the share link’s id; empty in exports' },
];

/** The file-name template's variables (the engine's list, electron/core/imaging/file-names.ts). */
export const FILE_NAME_VARIABLES: readonly { readonly name: string; readonly hint: string }[] = [
  { name: 'sku', hint: 'SKU, else the title' },
  { name: 'n', hint: 'position in the export, 1, 2, 3…' },
  { name: 'ext', hint: 'the format’s extension' },
  { name: 'title', hint: 'the asset’s title' },
  { name: 'version', hint: 'version number' },
  { name: 'date', hint: 'today, YYYY-MM-DD' },
  { name: 'original', hint: 'the imported file’s name (use with care: it can name a client or a camera)' },
];
