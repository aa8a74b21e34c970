import { z } from 'zod';
import {
  blobIdSchema,
  exportProgressSchema,
  exportReportSchema,
  nameTemplateSchema,
  presetIdSchema,
  renditionPresetInputSchema,
  renditionPresetSchema,
  rightsPatchSchema,
  rightsStateSchema,
  shopNameSchema,
  watermarkDraftSchema,
  watermarkPresetInputSchema,
  watermarkPresetSchema,
  watermarkVariablesSchema,
} from './imaging-schemas';
import { idSchema } from './schemas';

/**
 * The contract methods of export: presets, logos, the rights profile, export jobs and the designer's
 * preview. contract.ts spreads these into the one method table (so dispatch, IPC channels and the
 * renderer treat them like every other method); they live here to keep each file about one thing.
 */
const ok = z.object({ ok: z.literal(true) });

/**
 * A logo sent as bytes (the browser shell, which has no file paths) travels base64 inside the JSON
 * call, whose body the shell caps at 1 MiB: 700 KiB of logo fits with room to spare. From a path (the
 * Electron shell, a dropped file) the engine reads up to 20 MiB.
 */
export const LOGO_UPLOAD_MAX_BYTES = 700 * 1024;
const LOGO_UPLOAD_MAX_BASE64 = Math.ceil(LOGO_UPLOAD_MAX_BYTES / 3) * 4;

export const exportApiMethods = {
  'presets.list': {
    args: z.object({}).strict(),
    result: z.object({
      rendition: z.array(renditionPresetSchema),
      watermark: z.array(watermarkPresetSchema),
      /** What the export dialog starts with. */
      defaults: z.object({ renditionPresetId: presetIdSchema, nameTemplate: z.string() }),
    }),
  },
  /** No id: a new preset. With an id: that preset's fields replaced (built-ins included). */
  'renditionPresets.save': { args: z.object({ preset: renditionPresetInputSchema }).strict(), result: renditionPresetSchema },
  /** Built-in presets are refused with CONFLICT. */
  'renditionPresets.delete': { args: z.object({ id: presetIdSchema }).strict(), result: ok },
  /** A built-in preset back to what Strongroom ships. */
  'renditionPresets.reset': { args: z.object({ id: presetIdSchema }).strict(), result: renditionPresetSchema },
  'watermarkPresets.save': { args: z.object({ preset: watermarkPresetInputSchema }).strict(), result: watermarkPresetSchema },
  'watermarkPresets.delete': { args: z.object({ id: presetIdSchema }).strict(), result: ok },
  /** Stores a logo in the vault; its logoBlob goes into a preset (saved, or a draft for the preview). */
  'watermarkPresets.importLogo': {
    args: z.discriminatedUnion('source', [
      z.object({ source: z.literal('path'), path: z.string().min(1).max(4096) }).strict(),
      z
        .object({
          source: z.literal('data'),
          name: z.string().min(1).max(1024),
          base64: z
            .string()
            .min(1)
            .max(LOGO_UPLOAD_MAX_BASE64, `a logo sent as data can be at most ${LOGO_UPLOAD_MAX_BYTES / 1024} KiB`)
            .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 data'),
        })
        .strict(),
    ]),
    result: z.object({ logoBlob: blobIdSchema, width: z.number().int(), height: z.number().int(), byteSize: z.number().int() }),
  },
  'rights.get': { args: z.object({}).strict(), result: rightsStateSchema },
  /** Changes only the fields given; an empty string or null clears one. */
  'rights.set': { args: z.object({ rights: rightsPatchSchema.optional(), shopName: shopNameSchema.optional() }).strict(), result: rightsStateSchema },
  /**
   * Starts an export of the assets' current versions into `outDir` (an existing folder). Everything
   * checkable is checked before it answers; then `export.progress` events and one `export.done`.
   */
  'export.start': {
    args: z
      .object({
        assetIds: z.array(idSchema).min(1).max(100_000),
        outDir: z.string().min(1).max(4096),
        renditionPresetId: presetIdSchema,
        watermarkPresetId: presetIdSchema.optional(),
        nameTemplate: nameTemplateSchema.optional(),
      })
      .strict(),
    result: z.object({ jobId: z.string(), filesTotal: z.number().int() }),
  },
  'export.cancel': { args: z.object({ jobId: z.string().max(64) }).strict(), result: ok },
  /**
   * The designer's live preview: the unsaved preset drawn on the asset's preview image, as a JPEG data
   * URL. With a rendition preset, the output's geometry (a square, a crop) is shown too.
   */
  'watermark.preview': {
    args: z
      .object({
        assetId: idSchema,
        preset: watermarkDraftSchema,
        variables: watermarkVariablesSchema.optional(),
        renditionPresetId: presetIdSchema.optional(),
        /** The longest edge to draw (the size the preview is shown at); 2048 unless told. */
        maxEdge: z.number().int().min(64).max(2048).optional(),
      })
      .strict(),
    result: z.object({
      dataUrl: z.string().startsWith('data:image/jpeg;base64,'),
      width: z.number().int(),
      height: z.number().int(),
      renderMs: z.number(),
      /** The variables the text was filled with (the export's values where the call gave none). */
      variables: watermarkVariablesSchema,
    }),
  },
} as const;

export const exportApiEvents = {
  'export.progress': exportProgressSchema,
  'export.done': exportReportSchema,
} as const;
