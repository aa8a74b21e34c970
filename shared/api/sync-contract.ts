import { z } from 'zod';
import { idSchema } from './schemas';

/**
 * The contract methods of sync from the app (issue 6): the status line, connecting a folder or an S3
 * bucket, "Sync now", the device list, "keep originals on this device" and what a merge left for a
 * person to review. contract.ts spreads these into the one method table. The engine checks targets
 * again (electron/core/sync/target-settings.ts); these schemas give the form its inline errors.
 */
const empty = z.object({}).strict();

/** Absolute on this computer: "/…", "C:\…" or "\\server\share\…". The engine resolves and checks it. */
export const syncFolderPathSchema = z
  .string()
  .trim()
  .min(1, 'choose a folder')
  .max(4096)
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'the folder must be a full path, e.g. /home/me/Dropbox/strongroom');

/** Printable ASCII without spaces: what access keys are (a trailing newline is a paste accident). */
const keyText = (what: string) =>
  z
    .string()
    .min(1, `enter the ${what}`)
    .max(4096)
    .regex(/^[!-~]+$/, `the ${what} may not contain spaces or control characters`);

export const syncS3TargetSchema = z
  .object({
    /** null: AWS itself; else an S3-compatible service, e.g. https://s3.eu-central-003.backblazeb2.com. */
    endpoint: z.string().trim().max(2000).regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'an http(s) address, e.g. https://s3.example.com').nullable(),
    region: z.string().trim().min(1, 'enter the region (us-east-1 when the service has none)').max(100).regex(/^[A-Za-z0-9-_]+$/, 'a region name, e.g. eu-central-1'),
    bucket: z.string().trim().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name: 3–63 lower-case letters, digits, "." and "-"'),
    /** Empty, or folders ending in "/": "shop/photos/". */
    prefix: z.string().trim().max(500).regex(/^([a-z0-9_-]+\/)*$/, 'a prefix of a-z, 0-9, "_", "-" and "/", ending in "/" (or empty)'),
    pathStyle: z.boolean(),
    accessKeyId: keyText('access key id'),
    /** Goes to the keychain and nowhere else (not the settings, not the log). */
    secretAccessKey: keyText('secret access key'),
  })
  .strict();
export type SyncS3TargetInput = z.input<typeof syncS3TargetSchema>;

/** The connected target as the UI shows it (never credentials). */
export const syncTargetViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), path: z.string() }),
  z.object({ kind: z.literal('s3'), endpoint: z.string().nullable(), region: z.string(), bucket: z.string(), prefix: z.string(), pathStyle: z.boolean() }),
]);
export type SyncTargetView = z.infer<typeof syncTargetViewSchema>;

export const syncStates = ['not-connected', 'idle', 'syncing', 'offline', 'error'] as const;
export type SyncState = (typeof syncStates)[number];

/** What went wrong with the storage, so the UI can say what to do (electron/core/sync/backends/remote-error.ts). */
export const syncErrorKinds = ['denied', 'bucket-missing', 'folder-missing', 'not-writable', 'unreachable', 'keychain', 'retired', 'conflict', 'settings', 'other'] as const;
export type SyncErrorKind = (typeof syncErrorKinds)[number];

export const syncPhases = ['baseline', 'header', 'send', 'receive', 'blobs', 'snapshot', 'done'] as const;

const countAndBytes = z.object({ count: z.number().int().min(0), bytes: z.number().min(0) });

export const syncStatusSchema = z.object({
  state: z.enum(syncStates),
  target: syncTargetViewSchema.nullable(),
  thisDevice: z.object({ id: idSchema, name: z.string().nullable() }).nullable(),
  keepOriginals: z.boolean(),
  /** The end of the last pass that finished without a storage-wide failure (kept in the vault). */
  lastSyncAt: z.number().nullable(),
  /** When the service will try again on its own (the interval, or the back-off after failures). */
  nextAttemptAt: z.number().nullable(),
  /**
   * Still to do. `opsUp`: local changes not yet in a sent batch (always current). Blob figures are what
   * the running or last pass had left; `down.count` includes images other devices have not sent yet.
   */
  pending: z.object({ opsUp: z.number().int().min(0), up: countAndBytes, down: countAndBytes }),
  /** The running pass: its phase and how far (batches in send/receive, images and bytes in blobs). */
  progress: z
    .object({
      phase: z.enum(syncPhases),
      done: z.number().int().min(0),
      total: z.number().int().min(0),
      bytesDone: z.number().min(0),
      bytesTotal: z.number().min(0),
    })
    .nullable(),
  /** Why the last pass failed, in words a person can act on; null after a good pass. */
  error: z.object({ kind: z.enum(syncErrorKinds), message: z.string(), at: z.number(), failures: z.number().int().min(1) }).nullable(),
  /** Objects or devices the last pass skipped (a damaged batch, a refused image), named. */
  problems: z.array(z.string()).max(50),
  problemCount: z.number().int().min(0),
  /** Higher for each status the service computes: when an answer and an event cross, the newer one wins. */
  revision: z.number().int().min(0),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncDeviceSchema = z.object({
  id: idSchema,
  name: z.string().nullable(),
  self: z.boolean(),
  /** When this device last received a batch of it (null for this device, and before its first). */
  lastSeen: z.number().nullable(),
  retired: z.boolean(),
});
export type SyncDevice = z.infer<typeof syncDeviceSchema>;

export const syncReviewKinds = ['sibling-version', 'duplicate-version', 'edited-after-delete', 'delete-blocked-by-share'] as const;
export const syncReviewItemSchema = z.object({
  kind: z.enum(syncReviewKinds),
  /** The asset concerned, when it still exists (its title for the list). */
  assetId: idSchema.nullable(),
  title: z.string().nullable(),
  /** The version, op or duplicate the merge named (an id, or "X duplicates Y"). */
  detail: z.string(),
});
export type SyncReviewItem = z.infer<typeof syncReviewItemSchema>;

export const MAX_DEVICE_NAME = 100;

export const syncApiMethods = {
  'sync.status': { args: empty, result: syncStatusSchema },
  /** Writes the vault's header into the folder (proving it exists, is writable and holds no other vault), saves the target and syncs. */
  'sync.connectFolder': { args: z.object({ path: syncFolderPathSchema }).strict(), result: syncStatusSchema },
  /** As connectFolder; the keys go to the system keychain (KEYCHAIN_UNAVAILABLE without one). */
  'sync.connectS3': { args: syncS3TargetSchema, result: syncStatusSchema },
  /** Stops syncing from this device and forgets the target and its keys; the storage keeps its objects. */
  'sync.disconnect': { args: empty, result: syncStatusSchema },
  /** A pass now (or, during one, another right after it); answers at once. */
  'sync.now': { args: empty, result: syncStatusSchema },
  'sync.devices': { args: empty, result: z.array(syncDeviceSchema) },
  /** This device's name, for every device's list (after the next sync). */
  'sync.renameDevice': { args: z.object({ name: z.string().trim().min(1, 'enter a name').max(MAX_DEVICE_NAME) }).strict(), result: z.array(syncDeviceSchema) },
  /** Its later changes are refused everywhere; not this device itself (INVALID_ARGUMENT). */
  'sync.retireDevice': { args: z.object({ id: idSchema }).strict(), result: z.array(syncDeviceSchema) },
  'sync.setKeepOriginals': { args: z.object({ keep: z.boolean() }).strict(), result: syncStatusSchema },
  'sync.review': { args: empty, result: z.array(syncReviewItemSchema) },
} as const;

export const syncApiEvents = {
  /** The status changed: state, progress (at most a few times a second), an error, a finished pass. */
  'sync.status': syncStatusSchema,
} as const;
