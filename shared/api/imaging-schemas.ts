import { z } from 'zod';

/**
 * The export pipeline's vocabulary as it crosses the API: rendition and watermark presets, the rights
 * profile, export jobs. These mirror electron/core/imaging/types.ts (shared/ cannot import the engine);
 * electron/core/catalog/preset-schemas.ts fails the type check if the two drift apart. The limits here
 * are the only ones: the catalog validates with these same schemas before it writes anything.
 */
export const renditionFormatSchema = z.enum(['jpeg', 'webp', 'avif', 'png']);
export const boxFitSchema = z.enum(['fit', 'cover', 'contain']);
export const watermarkPositionSchema = z.enum(['top-left', 'top', 'top-right', 'left', 'center', 'right', 'bottom-left', 'bottom', 'bottom-right']);
export const watermarkLegibilitySchema = z.enum(['none', 'outline', 'shadow']);
export const dataMiningSchema = z.enum([
  'unspecified',
  'allowed',
  'prohibited-ai',
  'prohibited-genai',
  'prohibited-except-search',
  'prohibited',
  'prohibited-see-constraints',
]);

/** Built-in presets have readable ids (`builtin-marketplace`); the user's get the usual random 12-character ids. */
export const presetIdSchema = z
  .string()
  .regex(/^(?:builtin-[a-z0-9-]{1,48}|[0-9a-hjkmnp-tv-z]{12})$/, 'a preset id (builtin-… or 12 characters)');

/** A blob id: 64 lowercase hex characters (what the vault stores a logo under). */
export const blobIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a logo id (64 hex characters)');

/** C0 controls other than tab, newline and carriage return, DEL and C1 controls: invisible, and XML 1.0 (XMP) cannot hold most of them. */
function hasControl(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
const LINE_BREAK = /[\r\n\u2028\u2029]/;

/** Text shown to people: NFC, trimmed, no control characters; line breaks only where `multiline`. */
export const cleanText = (max: number, options: { multiline?: boolean } = {}) =>
  z
    .string()
    // A cheap bound before normalising: nothing legitimate is four times over the limit.
    .max(max * 4 + 64, `must be at most ${max} characters`)
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => !hasControl(s), 'must not contain control characters')
    .refine((s) => options.multiline === true || !LINE_BREAK.test(s), 'must be one line')
    .refine((s) => [...s].length <= max, `must be at most ${max} characters`);

export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb').transform((s) => s.toLowerCase());

/** Pixel sizes of renditions. 16383 is WebP's limit and far beyond any sales channel's needs. */
export const MAX_RENDITION_EDGE = 16383;
const edge = z.number().int('a whole number of pixels').min(16, 'at least 16 px').max(MAX_RENDITION_EDGE, `at most ${MAX_RENDITION_EDGE} px`);

export const renditionSizeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('long-edge'), longEdge: edge }).strict(),
  z.object({ mode: z.literal('box'), width: edge, height: edge, fit: boxFitSchema, background: colorSchema }).strict(),
]);

export const presetNameSchema = cleanText(100).refine((s) => s.length > 0, 'a preset needs a name');

/**
 * What the settings screen sends: no id for a new preset. `builtIn` may be sent back as it was received
 * but is ignored: whether a preset is built in is the engine's to say.
 */
export const renditionPresetInputSchema = z
  .object({
    id: presetIdSchema.optional(),
    builtIn: z.boolean().optional(),
    name: presetNameSchema,
    size: renditionSizeSchema,
    format: renditionFormatSchema,
    quality: z.number().int().min(1).max(100),
    sharpen: z.boolean(),
  })
  .strict();

export const renditionPresetSchema = renditionPresetInputSchema.extend({ id: presetIdSchema, builtIn: z.boolean() });

export const watermarkPlacementSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('position'), position: watermarkPositionSchema, marginPercent: z.number().min(0).max(25) }).strict(),
  z.object({ mode: z.literal('tiled'), spacingPercent: z.number().min(0).max(100) }).strict(),
]);

export const WATERMARK_TEXT_MAX = 300;

const watermarkFields = {
  name: presetNameSchema,
  /** Empty text is no text: a logo-only mark. */
  text: cleanText(WATERMARK_TEXT_MAX)
    .nullable()
    .transform((s) => (s === '' ? null : s)),
  logoBlob: blobIdSchema.nullable(),
  sizePercent: z.number().min(1).max(100),
  color: colorSchema,
  opacity: z.number().min(0).max(1),
  rotation: z.number().min(-180).max(180),
  placement: watermarkPlacementSchema,
  legibility: watermarkLegibilitySchema,
};

const hasTextOrLogo = (p: { text: string | null; logoBlob: string | null }) => p.text !== null || p.logoBlob !== null;
const TEXT_OR_LOGO = { message: 'a watermark needs text, a logo, or both', path: ['text'] };

export const watermarkPresetInputSchema = z
  .object({ id: presetIdSchema.optional(), ...watermarkFields })
  .strict()
  .refine(hasTextOrLogo, TEXT_OR_LOGO);

export const watermarkPresetSchema = z
  .object({ id: presetIdSchema, ...watermarkFields })
  .strict()
  .refine(hasTextOrLogo, TEXT_OR_LOGO);

/** The designer's unsaved preset: the same fields, with a name that may still be empty. */
export const watermarkDraftSchema = z
  .object({ ...watermarkFields, name: cleanText(100).optional() })
  .strict()
  .refine(hasTextOrLogo, TEXT_OR_LOGO);

export const watermarkVariablesSchema = z
  .object({
    recipient: cleanText(200).optional(),
    date: cleanText(100).optional(),
    shop: cleanText(200).optional(),
    shareId: cleanText(100).optional(),
  })
  .strict();

/**
 * One rights field as sent: a string (empty or blank clears it) or null (clears it). Values are
 * trimmed and NFC-normalised so what is stored is what every copy will carry.
 */
const optionalText = (max: number, options: { multiline?: boolean } = {}) =>
  cleanText(max, options)
    .nullable()
    .transform((s) => (s === '' || s === null ? null : s));

const httpUrlText = (what: string) =>
  optionalText(2000).refine((s) => s === null || isHttpUrl(s), `${what} must be a web address starting with http:// or https://`);

function isHttpUrl(s: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(s)) return false;
  try {
    const url = new URL(s);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

// Deliberately simple: one @, something on both sides, a dot in the domain, no spaces. Mail servers decide the rest.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

/** Every field of the rights profile, each optional: a call changes only the fields it names. */
export const rightsFieldsSchema = {
  creator: optionalText(200),
  copyrightNotice: optionalText(500),
  creditLine: optionalText(200),
  webStatement: httpUrlText('the web statement of rights'),
  licensorName: optionalText(200),
  licensorUrl: httpUrlText('the licensor URL'),
  licensorEmail: optionalText(254).refine((s) => s === null || EMAIL.test(s), 'the licensor email must look like name@example.com'),
  usageTerms: optionalText(2000, { multiline: true }),
  dataMining: dataMiningSchema.nullable(),
  otherConstraints: optionalText(4000, { multiline: true }),
};

export const rightsProfileSchema = z.object(rightsFieldsSchema).strict();

export const rightsPatchSchema = rightsProfileSchema.partial();

/** What {shop} in a watermark becomes on export; when unset, the rights profile's creator is used. */
export const shopNameSchema = optionalText(200);

export const rightsStateSchema = z.object({ rights: rightsProfileSchema, shopName: z.string().nullable() });

/** The file-name template of an export, e.g. `{sku}_{n}.{ext}`; the engine knows the variables. */
export const nameTemplateSchema = cleanText(200).refine((s) => s.length > 0, 'a file-name template cannot be empty');

export const exportProgressSchema = z.object({
  jobId: z.string(),
  filesDone: z.number().int(),
  filesTotal: z.number().int(),
  /** Bytes of originals processed, against the total of all originals: the basis of the rate and ETA. */
  bytesDone: z.number(),
  bytesTotal: z.number(),
  bytesWritten: z.number(),
  failed: z.number().int(),
  filesPerSecond: z.number(),
  bytesPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  current: z.string().nullable(),
});

export const exportFileResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), assetId: z.string(), versionNumber: z.number().int(), title: z.string(), file: z.string(), path: z.string(), bytes: z.number().int(), width: z.number().int(), height: z.number().int() }),
  z.object({ ok: z.literal(false), assetId: z.string(), title: z.string().nullable(), reason: z.string() }),
]);

export const exportReportSchema = z.object({
  jobId: z.string(),
  outDir: z.string(),
  files: z.array(exportFileResultSchema),
  written: z.number().int(),
  failed: z.number().int(),
  cancelled: z.boolean(),
  elapsedMs: z.number(),
  /** Set when the export failed as a whole before writing anything (e.g. the folder vanished). */
  error: z.string().nullable(),
});

export type RenditionPresetInput = z.input<typeof renditionPresetInputSchema>;
export type WatermarkPresetInput = z.input<typeof watermarkPresetInputSchema>;
export type WatermarkDraft = z.input<typeof watermarkDraftSchema>;
export type RightsPatch = z.input<typeof rightsPatchSchema>;
export type RightsState = z.infer<typeof rightsStateSchema>;
export type ExportProgressEvent = z.infer<typeof exportProgressSchema>;
export type ExportReportEvent = z.infer<typeof exportReportSchema>;
export type ExportFileResult = z.infer<typeof exportFileResultSchema>;
