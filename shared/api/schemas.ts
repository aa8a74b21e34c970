import { z } from 'zod';

/** The shapes that cross the API boundary. The renderer never sees keys, paths of blobs, or raw bytes. */
export const approvalStateSchema = z.enum(['draft', 'in_review', 'approved', 'retired']);
export const imageFormatSchema = z.enum(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff', 'heif']);
export const idSchema = z.string().regex(/^[0-9a-hjkmnp-tv-z]{12}$/, 'an id of 12 characters');
export const sortSchema = z.enum(['newest', 'oldest', 'name', 'sku']);

export const vaultStateSchema = z.object({
  state: z.enum(['none', 'locked', 'unlocked']),
  dir: z.string(),
  vaultId: z.string().nullable(),
  unlock: z.object({ passphrase: z.boolean(), recoveryKey: z.boolean(), keychain: z.boolean() }).nullable(),
  idleLockMinutes: z.number().int().min(0),
});

export const assetSummarySchema = z.object({
  id: idSchema,
  title: z.string(),
  sku: z.string().nullable(),
  productName: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  versionCount: z.number().int(),
  currentVersion: z.object({
    id: idSchema,
    number: z.number().int(),
    approval: approvalStateSchema,
    format: imageFormatSchema,
    width: z.number().int(),
    height: z.number().int(),
  }),
  tags: z.array(z.string()),
});

export const versionSchema = z.object({
  id: idSchema,
  number: z.number().int(),
  approval: approvalStateSchema,
  format: imageFormatSchema,
  width: z.number().int(),
  height: z.number().int(),
  byteSize: z.number().int(),
  originalFilename: z.string(),
  captureTime: z.number().nullable(),
  importTime: z.number(),
  current: z.boolean(),
});

export const metadataFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  value: z.string(),
  private: z.boolean(),
});

export const assetDetailSchema = assetSummarySchema.extend({
  description: z.string().nullable(),
  versions: z.array(versionSchema),
  collections: z.array(z.object({ id: idSchema, name: z.string() })),
  metadata: z.array(metadataFieldSchema),
});

export const collectionSchema = z.object({ id: idSchema, name: z.string(), createdAt: z.number(), assetCount: z.number().int() });
export const tagCountSchema = z.object({ name: z.string(), count: z.number().int() });

export const ingestProgressSchema = z.object({
  jobId: z.string(),
  filesDone: z.number().int(),
  filesTotal: z.number().int(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  filesPerSecond: z.number(),
  bytesPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  current: z.string().nullable(),
  recent: z.array(z.object({ name: z.string(), outcome: z.enum(['imported', 'duplicate', 'refused']) })),
});

export const ingestReportSchema = z.object({
  jobId: z.string(),
  imported: z.array(z.object({ source: z.string(), assetId: idSchema, versionNumber: z.number().int(), newAsset: z.boolean() })),
  duplicates: z.array(z.object({ source: z.string(), assetId: idSchema, title: z.string() })),
  refused: z.array(z.object({ source: z.string(), reason: z.string() })),
  cancelled: z.boolean(),
  elapsedMs: z.number(),
});

export type VaultState = z.infer<typeof vaultStateSchema>;
export type AssetSummary = z.infer<typeof assetSummarySchema>;
export type AssetDetail = z.infer<typeof assetDetailSchema>;
export type VersionInfo = z.infer<typeof versionSchema>;
export type Collection = z.infer<typeof collectionSchema>;
export type TagCount = z.infer<typeof tagCountSchema>;
export type IngestProgressEvent = z.infer<typeof ingestProgressSchema>;
export type IngestReportEvent = z.infer<typeof ingestReportSchema>;
export type ApprovalState = z.infer<typeof approvalStateSchema>;
export type ImageFormat = z.infer<typeof imageFormatSchema>;
export type AssetSort = z.infer<typeof sortSchema>;
