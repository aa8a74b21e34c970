import { z } from 'zod';
import { exportApiEvents, exportApiMethods } from './export-contract';
import { shareApiEvents, shareApiMethods } from './share-contract';
import { syncApiEvents, syncApiMethods } from './sync-contract';
import {
  approvalStateSchema,
  assetDetailSchema,
  assetSummarySchema,
  collectionSchema,
  idSchema,
  imageFormatSchema,
  ingestProgressSchema,
  ingestReportSchema,
  sortSchema,
  tagCountSchema,
  vaultStateSchema,
} from './schemas';

/**
 * The one API between the UI and the engine. Electron IPC and the browser shell's HTTP are two
 * transports over this table; both validate arguments with these schemas before anything runs.
 */
const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
const text = (max: number) => z.string().max(max);
const nameText = z.string().trim().min(1).max(200);

/** What assets.list and assets.ids share: the filters, the order and where the page starts. */
const assetFilterSchema = z.object({
  query: text(500).optional(),
  tag: text(100).optional(),
  collection: text(200).optional(),
  status: approvalStateSchema.optional(),
  format: imageFormatSchema.optional(),
  sort: sortSchema.optional(),
  offset: z.number().int().min(0).max(10_000_000).optional(),
});

export const apiMethods = {
  'vault.state': { args: empty, result: vaultStateSchema },
  'vault.create': {
    args: z.object({ dir: text(4096).optional(), passphrase: z.string().min(8).max(1024) }).strict(),
    result: z.object({ recoveryKey: z.string(), state: vaultStateSchema }),
  },
  'vault.select': { args: z.object({ dir: z.string().min(1).max(4096) }).strict(), result: vaultStateSchema },
  'vault.unlock': {
    args: z.discriminatedUnion('method', [
      z.object({ method: z.literal('passphrase'), secret: z.string().min(1).max(1024) }).strict(),
      z.object({ method: z.literal('recovery'), secret: z.string().min(1).max(200) }).strict(),
      z.object({ method: z.literal('keychain') }).strict(),
    ]),
    result: vaultStateSchema,
  },
  'vault.lock': { args: empty, result: vaultStateSchema },
  'settings.setIdleLock': { args: z.object({ minutes: z.number().int().min(0).max(24 * 60) }).strict(), result: vaultStateSchema },

  'assets.list': {
    args: assetFilterSchema.extend({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    result: z.object({ total: z.number().int(), offset: z.number().int(), items: z.array(assetSummarySchema) }),
  },
  /** Ids only, for range selection and select-all: one call for the whole library. */
  'assets.ids': {
    args: assetFilterSchema.extend({ limit: z.number().int().min(1).max(100_000).optional() }).strict(),
    result: z.object({ total: z.number().int(), offset: z.number().int(), ids: z.array(idSchema) }),
  },
  'assets.get': { args: z.object({ id: idSchema }).strict(), result: assetDetailSchema },
  'assets.update': {
    args: z
      .object({
        id: idSchema,
        title: nameText.optional(),
        sku: text(100).nullable().optional(),
        productName: text(300).nullable().optional(),
        description: text(5000).nullable().optional(),
      })
      .strict(),
    result: assetDetailSchema,
  },
  'assets.setApproval': {
    args: z.object({ id: idSchema, version: z.number().int().min(1), state: approvalStateSchema }).strict(),
    result: assetDetailSchema,
  },
  'tags.change': {
    args: z
      .object({ assetIds: z.array(idSchema).min(1).max(100_000), add: z.array(text(100)).max(50), remove: z.array(text(100)).max(50) })
      .strict(),
    result: ok,
  },
  'tags.list': { args: empty, result: z.array(tagCountSchema) },
  'collections.list': { args: empty, result: z.array(collectionSchema) },
  'collections.create': { args: z.object({ name: nameText }).strict(), result: collectionSchema },
  'collections.rename': { args: z.object({ id: idSchema, name: nameText }).strict(), result: ok },
  'collections.delete': { args: z.object({ id: idSchema }).strict(), result: ok },
  'collections.addAssets': { args: z.object({ id: idSchema, assetIds: z.array(idSchema).min(1).max(100_000) }).strict(), result: ok },
  'collections.removeAssets': { args: z.object({ id: idSchema, assetIds: z.array(idSchema).min(1).max(100_000) }).strict(), result: ok },

  /** Electron: dropped files arrive as paths. The browser shell uploads instead (see transport). */
  'ingest.startPaths': {
    args: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000), assetId: idSchema.optional() }).strict(),
    result: z.object({ jobId: z.string() }),
  },
  'ingest.cancel': { args: z.object({ jobId: z.string().max(64) }).strict(), result: ok },

  /** Presets, logos, rights, export jobs and the watermark preview (export-contract.ts). */
  ...exportApiMethods,
  /** Share links, the default share policy and the share server (share-contract.ts). */
  ...shareApiMethods,
  /** Sync: status, target, devices, review (sync-contract.ts). */
  ...syncApiMethods,
} as const;

export const apiEvents = {
  'ingest.progress': ingestProgressSchema,
  'ingest.done': ingestReportSchema,
  'vault.changed': vaultStateSchema,
  'library.changed': z.object({ reason: z.enum(['ingest', 'edit', 'sync']) }),
  ...exportApiEvents,
  ...shareApiEvents,
  ...syncApiEvents,
} as const;

export type ApiMethod = keyof typeof apiMethods;
/** What a caller passes. */
export type ApiArgs<M extends ApiMethod> = z.input<(typeof apiMethods)[M]['args']>;
/** What a handler receives, after validation (defaults applied, strings trimmed). */
export type ApiParsedArgs<M extends ApiMethod> = z.output<(typeof apiMethods)[M]['args']>;
export type ApiResult<M extends ApiMethod> = z.infer<(typeof apiMethods)[M]['result']>;
export type ApiEvent = keyof typeof apiEvents;
export type ApiEventPayload<E extends ApiEvent> = z.infer<(typeof apiEvents)[E]>;

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiMethods, name);
}

/** Renditions the UI may ask for by version id; served by a media route, never by a file path. */
export const mediaKinds = ['thumb', 'preview'] as const;
export type MediaKind = (typeof mediaKinds)[number];
