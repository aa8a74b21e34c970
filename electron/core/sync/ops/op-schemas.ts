import { z } from 'zod';
import { approvalStates, imageFormats } from '../../catalog/types';
import { HLC_PATTERN } from './hlc';

/**
 * The operations every device exchanges. Each op is `{ v, id, kind, at, ...body }`: `v` the format
 * version of this list, `id` its hybrid-logical-clock value (unique, and the order of last-writer-wins),
 * `at` the wall time the writing function used (what rows show as created/updated/added times).
 * A kind this build does not know is reported by name (UnknownOpKindError), never dropped: it comes
 * from a newer Strongroom and its batch waits until this one is updated.
 */
export const OP_FORMAT = 1;

const id12 = z.string().regex(/^[0-9a-z-]{1,64}$/);
const text = z.string().max(100_000);
const nullableText = text.nullable();
const int = z.number().int().safe();

const base = { v: z.literal(OP_FORMAT), id: z.string().regex(HLC_PATTERN), at: int };

export const assetFieldsSchema = z
  .object({ title: z.string().min(1).max(10_000), sku: nullableText, productName: nullableText, description: nullableText })
  .strict();
export type AssetFields = z.infer<typeof assetFieldsSchema>;

const derivedSchema = z
  .object({ kind: z.enum(['thumb', 'preview']), blobId: z.string().regex(/^[0-9a-f]{64}$/), format: z.literal('jpeg'), width: int, height: int, byteSize: int })
  .strict();

export const versionBodySchema = z
  .object({
    id: id12,
    number: int.min(1),
    originalBlob: z.string().regex(/^[0-9a-f]{64}$/),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    byteSize: int,
    format: z.enum(imageFormats),
    width: int,
    height: int,
    originalFilename: text,
    captureTime: int.nullable(),
    importTime: int,
    derived: z.array(derivedSchema).max(4),
    /** The `metadata` row: normalised columns by column name, and raw_json as text. */
    metadata: z.record(z.string().regex(/^[a-z_]+$/), z.union([z.string(), z.number()]).nullable()),
    rawJson: text.max(10_000_000),
  })
  .strict();
export type VersionBody = z.infer<typeof versionBodySchema>;

const presetTable = z.enum(['rendition_presets', 'watermark_presets']);
export const presetFieldsSchema = z.object({ name: text, spec: text, logoBlob: z.string().regex(/^[0-9a-f]{64}$/).nullable() }).partial().strict();

export const shareRecordSchema = z
  .object({
    tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: int,
    viewOnly: z.boolean(),
    passwordHash: nullableText,
    passwordKdf: nullableText,
    recipientName: nullableText,
    recipientCompany: nullableText,
    recipientEmail: nullableText,
    renditionPresetId: id12,
    watermarkPresetId: id12.nullable(),
    terms: nullableText,
    note: nullableText,
  })
  .strict();
export const shareAssetSchema = z
  .object({ position: int.min(1), assetId: id12, versionId: id12, renditionBlob: z.string().regex(/^[0-9a-f]{64}$/), byteSize: int, format: text, width: int, height: int, downloadName: text })
  .strict();
/** Limits and revocation: each one a last-writer-wins field. Expiry is one field (time and "never" together). */
export const shareFieldsSchema = z
  .object({
    expiry: z.object({ expiresAt: int.nullable(), never: z.boolean() }).strict(),
    maxViews: int.min(1).nullable(),
    maxDownloads: int.min(1).nullable(),
    revokedAt: int.nullable(),
  })
  .partial()
  .strict();

const accessEvents = ['page', 'view', 'download', 'wrong_password', 'password_accepted', 'terms_accepted', 'denied'] as const;
const accessEntry = { event: z.enum(accessEvents), reason: nullableText, ip: nullableText, userAgent: nullableText, referrer: nullableText };
/** Entries one `share.accesses` op may carry (the share server writes one op per share per commit). */
export const MAX_ACCESS_ENTRIES = 64;
/** The `share_access_log.op_id` of a `share.accesses` op's entry: the op's id, a slash, two digits (string order is log order). */
export const accessEntryId = (opId: string, index: number) => `${opId}/${String(index).padStart(2, '0')}`;

export const opSchemas = {
  'asset.create': z.object({ ...base, kind: z.literal('asset.create'), assetId: id12, fields: assetFieldsSchema }).strict(),
  'asset.set': z.object({ ...base, kind: z.literal('asset.set'), assetId: id12, fields: assetFieldsSchema.partial() }).strict(),
  'asset.delete': z.object({ ...base, kind: z.literal('asset.delete'), assetId: id12 }).strict(),
  'version.add': z.object({ ...base, kind: z.literal('version.add'), assetId: id12, version: versionBodySchema }).strict(),
  'version.approval': z.object({ ...base, kind: z.literal('version.approval'), assetId: id12, versionId: id12, state: z.enum(approvalStates) }).strict(),
  'tag.add': z.object({ ...base, kind: z.literal('tag.add'), assetId: id12, name: text }).strict(),
  /** `observed`: the ids of the tag.add ops the remover saw; adds it did not see survive (add wins). */
  'tag.remove': z.object({ ...base, kind: z.literal('tag.remove'), assetId: id12, key: text, observed: z.array(z.string().regex(HLC_PATTERN)) }).strict(),
  'collection.create': z.object({ ...base, kind: z.literal('collection.create'), collectionId: id12, name: text }).strict(),
  'collection.rename': z.object({ ...base, kind: z.literal('collection.rename'), collectionId: id12, name: text }).strict(),
  'collection.delete': z.object({ ...base, kind: z.literal('collection.delete'), collectionId: id12 }).strict(),
  'collection.add': z.object({ ...base, kind: z.literal('collection.add'), collectionId: id12, assetId: id12 }).strict(),
  'collection.remove': z
    .object({ ...base, kind: z.literal('collection.remove'), collectionId: id12, assetId: id12, observed: z.array(z.string().regex(HLC_PATTERN)) })
    .strict(),
  'preset.create': z
    .object({ ...base, kind: z.literal('preset.create'), table: presetTable, presetId: id12, builtIn: z.boolean(), fields: presetFieldsSchema.required() })
    .strict(),
  'preset.set': z.object({ ...base, kind: z.literal('preset.set'), table: presetTable, presetId: id12, fields: presetFieldsSchema }).strict(),
  'preset.delete': z.object({ ...base, kind: z.literal('preset.delete'), table: presetTable, presetId: id12 }).strict(),
  /** `rights_profile`: one field per profile key; `shop_name`: the field `value`. */
  'settings.set': z.object({ ...base, kind: z.literal('settings.set'), key: z.enum(['rights_profile', 'shop_name']), fields: z.record(z.string(), z.string().nullable()) }).strict(),
  'share.create': z.object({ ...base, kind: z.literal('share.create'), shareId: id12, record: shareRecordSchema, fields: shareFieldsSchema, assets: z.array(shareAssetSchema).min(1) }).strict(),
  'share.set': z.object({ ...base, kind: z.literal('share.set'), shareId: id12, fields: shareFieldsSchema }).strict(),
  'share.delete': z.object({ ...base, kind: z.literal('share.delete'), shareId: id12 }).strict(),
  'share.access': z.object({ ...base, kind: z.literal('share.access'), shareId: id12, ...accessEntry }).strict(),
  /** Several log rows of one share in arrival order, each with its own time; row i's op_id is `<id>/<i, two digits>`. */
  'share.accesses': z
    .object({ ...base, kind: z.literal('share.accesses'), shareId: id12, entries: z.array(z.object({ at: int, ...accessEntry }).strict()).min(1).max(MAX_ACCESS_ENTRIES) })
    .strict(),
  'device.set': z.object({ ...base, kind: z.literal('device.set'), deviceId: id12, name: text }).strict(),
  /** Batches of the device with a sequence number above `afterSeq` are refused from then on, everywhere. */
  'device.retire': z.object({ ...base, kind: z.literal('device.retire'), deviceId: id12, afterSeq: int.min(0) }).strict(),
} as const;

export type OpKind = keyof typeof opSchemas;
export const opKinds = Object.keys(opSchemas) as OpKind[];
export type Op = { [K in OpKind]: z.infer<(typeof opSchemas)[K]> }[OpKind];
export type OpOf<K extends OpKind> = Extract<Op, { kind: K }>;
/** An op as a write function describes it; capture adds `v` and `id`. */
export type OpInput = Op extends infer O ? (O extends Op ? Omit<O, 'v' | 'id'> : never) : never;

export const opSchema = z.discriminatedUnion('kind', Object.values(opSchemas) as unknown as [(typeof opSchemas)[OpKind], ...(typeof opSchemas)[OpKind][]]);

export const batchSchema = z
  .object({
    format: z.literal(1),
    device: z.string().regex(/^[0-9a-hjkmnp-tv-z]{12}$/),
    seq: int.min(1),
    prevHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
    ops: z.array(z.unknown()),
  })
  .strict();
export type Batch = { format: 1; device: string; seq: number; prevHash: string | null; ops: Op[] };
