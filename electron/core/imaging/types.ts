/**
 * The vocabulary of the one pipeline every image leaving the vault goes through:
 * rendition → watermark → metadata hygiene → rights. Plain data, stored in the catalog and sent over
 * the API (shared/api mirrors these shapes with zod schemas).
 */

export const renditionFormats = ['jpeg', 'webp', 'avif', 'png'] as const;
export type RenditionFormat = (typeof renditionFormats)[number];

/** `contain` pads to the box with the background colour; `cover` fills it and crops; `fit` stays inside it. */
export const boxFits = ['fit', 'cover', 'contain'] as const;
export type BoxFit = (typeof boxFits)[number];

export type RenditionSize =
  | { mode: 'long-edge'; longEdge: number }
  | { mode: 'box'; width: number; height: number; fit: BoxFit; /** #rrggbb */ background: string };

export interface RenditionPreset {
  id: string;
  name: string;
  /** Shipped with Strongroom; editable, but it cannot be deleted. */
  builtIn: boolean;
  size: RenditionSize;
  format: RenditionFormat;
  /** 1–100; ignored for PNG. */
  quality: number;
  /** Sharpen after a downscale (a mild unsharp mask scaled to the reduction). */
  sharpen: boolean;
}

export const watermarkPositions = [
  'top-left',
  'top',
  'top-right',
  'left',
  'center',
  'right',
  'bottom-left',
  'bottom',
  'bottom-right',
] as const;
export type WatermarkPosition = (typeof watermarkPositions)[number];

export type WatermarkPlacement =
  | { mode: 'position'; position: WatermarkPosition; /** Of the output's short edge, 0–25. */ marginPercent: number }
  | { mode: 'tiled'; /** Gap between tiles, of the output's short edge, 0–100. */ spacingPercent: number };

/** Keeps the mark readable on light and dark images alike. */
export const watermarkLegibility = ['none', 'outline', 'shadow'] as const;
export type WatermarkLegibility = (typeof watermarkLegibility)[number];

export interface WatermarkPreset {
  id: string;
  name: string;
  /** With variables {recipient}, {date}, {shop}, {shareId}; null for a logo-only mark. */
  text: string | null;
  /** A logo image stored in the vault (blob id); null for a text-only mark. */
  logoBlob: string | null;
  /** The mark's width as a share of the output's width, 1–100, so every output size looks alike. */
  sizePercent: number;
  /** #rrggbb */
  color: string;
  /** 0–1 */
  opacity: number;
  /** Degrees, -180–180. */
  rotation: number;
  placement: WatermarkPlacement;
  legibility: WatermarkLegibility;
}

/** Filled in when a watermark is rendered; missing ones render as empty text. */
export interface WatermarkVariables {
  recipient?: string;
  date?: string;
  shop?: string;
  shareId?: string;
}

/**
 * IPTC 2023.1 plus:DataMining, by short name; written as the PLUS vocabulary URIs
 * (http://ns.useplus.org/ldf/vocab/DMI-UNSPECIFIED, DMI-ALLOWED, DMI-PROHIBITED-AIMLTRAINING,
 * DMI-PROHIBITED-GENAIMLTRAINING, DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING, DMI-PROHIBITED,
 * DMI-PROHIBITED-SEECONSTRAINT, in this order).
 */
export const dataMiningValues = [
  'unspecified',
  'allowed',
  'prohibited-ai',
  'prohibited-genai',
  'prohibited-except-search',
  'prohibited',
  'prohibited-see-constraints',
] as const;
export type DataMining = (typeof dataMiningValues)[number];

/** What every copy that leaves the vault carries: a vault-level setting, applied by default to every export. */
export interface RightsProfile {
  creator: string | null;
  copyrightNotice: string | null;
  creditLine: string | null;
  /** xmpRights:WebStatement */
  webStatement: string | null;
  licensorName: string | null;
  licensorUrl: string | null;
  licensorEmail: string | null;
  usageTerms: string | null;
  dataMining: DataMining | null;
  /** plus:OtherConstraints, e.g. the full text of an AI-training reservation. */
  otherConstraints: string | null;
}

export const emptyRightsProfile: RightsProfile = {
  creator: null,
  copyrightNotice: null,
  creditLine: null,
  webStatement: null,
  licensorName: null,
  licensorUrl: null,
  licensorEmail: null,
  usageTerms: null,
  dataMining: null,
  otherConstraints: null,
};

/** One image out of the pipeline. */
export interface RenderedImage {
  data: Buffer;
  format: RenditionFormat;
  width: number;
  height: number;
}
