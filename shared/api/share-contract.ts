import { z } from 'zod';
import { presetIdSchema } from './imaging-schemas';
import { idSchema } from './schemas';

/**
 * The contract methods of share links: creating them (one click with the vault's default policy, or
 * with every option), the Shares screen (list, detail with the access log, revoke, extend, change
 * limits, delete) and the share server's settings and status. contract.ts spreads these into the one
 * method table. Limits mirror electron/core/share/share-options.ts, which checks them again.
 */
const ok = z.object({ ok: z.literal(true) });

/** The quick choices; the default policy may only use these (never "never", never a fixed date). */
export const shareExpiryPresets = ['1h', '1d', '7d', '30d'] as const;
export const shareExpiryPresetSchema = z.enum(shareExpiryPresets);
export type ShareExpiryPreset = z.infer<typeof shareExpiryPresetSchema>;

/** How long a link works: a quick choice from now, an instant (ms since the epoch), or an explicit "never". */
export const shareExpirySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('in'), preset: shareExpiryPresetSchema }).strict(),
  z.object({ kind: z.literal('at'), at: z.number().int().min(1).max(8.64e15) }).strict(),
  z.object({ kind: z.literal('never') }).strict(),
]);
export type ShareExpiry = z.infer<typeof shareExpirySchema>;

export const MAX_SHARE_ASSETS = 500;
export const MAX_SHARE_LIMIT = 1_000_000;
export const MAX_SHARE_TERMS = 20_000;
export const MAX_SHARE_NOTE = 2_000;
export const MAX_SHARE_PASSWORD = 256;

/** A view or download limit; null is "no limit". */
const limitSchema = z.number().int().min(1, 'a limit is at least 1').max(MAX_SHARE_LIMIT);
const recipientText = z.string().max(200).nullable().optional();
/** Empty means "none"; anything else must look like an address (it goes into the log and the watermark). */
const emailSchema = z.union([z.literal(''), z.string().max(254).regex(/^[^\s@]+@[^\s@]+$/, 'an e-mail address')]).nullable().optional();

export const shareRecipientSchema = z.object({ name: recipientText, company: recipientText, email: emailSchema }).strict();

/** Every option of one share, as the "Adjust" form sends it. Absent optional fields mean "none" / "off". */
export const shareOptionsSchema = z
  .object({
    expiry: shareExpirySchema,
    maxViews: limitSchema.nullable().optional(),
    maxDownloads: limitSchema.nullable().optional(),
    viewOnly: z.boolean().optional(),
    password: z.string().min(1).max(MAX_SHARE_PASSWORD).nullable().optional(),
    recipient: shareRecipientSchema.optional(),
    renditionPresetId: presetIdSchema.optional(),
    watermarkPresetId: presetIdSchema.nullable().optional(),
    terms: z.string().max(MAX_SHARE_TERMS).nullable().optional(),
    note: z.string().max(MAX_SHARE_NOTE).nullable().optional(),
  })
  .strict();
export type ShareOptionsInput = z.input<typeof shareOptionsSchema>;

/** What one-click Share uses; kept in the vault. No password, recipient or note: those belong to one link. */
export const sharePolicySchema = z
  .object({
    expiry: shareExpiryPresetSchema,
    maxViews: limitSchema.nullable(),
    maxDownloads: limitSchema.nullable(),
    viewOnly: z.boolean(),
    renditionPresetId: presetIdSchema,
    watermarkPresetId: presetIdSchema.nullable(),
    terms: z.string().max(MAX_SHARE_TERMS).nullable(),
  })
  .strict();
export type SharePolicy = z.infer<typeof sharePolicySchema>;

export const shareStateSchema = z.enum(['active', 'expired', 'used-up', 'revoked']);
export type ShareState = z.infer<typeof shareStateSchema>;

export const shareSummarySchema = z.object({
  id: idSchema,
  state: shareStateSchema,
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  /** The newest access-log entry of any kind (a denied request is an access too); null when never opened. */
  lastAccessAt: z.number().nullable(),
  recipient: z.object({ name: z.string().nullable(), company: z.string().nullable(), email: z.string().nullable() }),
  assetCount: z.number().int(),
  views: z.number().int(),
  maxViews: z.number().int().nullable(),
  downloads: z.number().int(),
  maxDownloads: z.number().int().nullable(),
  viewOnly: z.boolean(),
  hasPassword: z.boolean(),
  hasTerms: z.boolean(),
  note: z.string().nullable(),
  renditionPresetId: z.string(),
  watermarkPresetId: z.string().nullable(),
});
export type ShareSummary = z.infer<typeof shareSummarySchema>;

export const shareLogEventSchema = z.enum(['page', 'view', 'download', 'wrong_password', 'password_accepted', 'terms_accepted', 'denied']);
export type ShareLogEvent = z.infer<typeof shareLogEventSchema>;

export const shareLogEntrySchema = z.object({
  at: z.number(),
  event: shareLogEventSchema,
  /** Why a request was denied, or what a page showed (password, terms, bot), or `head` for a HEAD. */
  reason: z.string().nullable(),
  /** Truncated (/24, /48) unless the server keeps whole addresses. */
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  referrer: z.string().nullable(),
});
export type ShareLogEntry = z.infer<typeof shareLogEntrySchema>;

/** The newest this many log entries come with a share's detail (the total is given beside them). */
export const SHARE_LOG_PAGE = 500;

export const shareDetailSchema = shareSummarySchema.extend({
  terms: z.string().nullable(),
  assets: z.array(
    z.object({ position: z.number().int(), assetId: idSchema, versionId: idSchema, title: z.string(), width: z.number().int(), height: z.number().int(), format: z.string() }),
  ),
  /** Oldest first: the newest SHARE_LOG_PAGE entries. */
  log: z.array(shareLogEntrySchema),
  logTotal: z.number().int(),
});
export type ShareDetail = z.infer<typeof shareDetailSchema>;

export const shareServerSettingsSchema = z
  .object({
    /** loopback: 127.0.0.1 only (this computer, or a reverse proxy / tunnel on it); lan: every interface. */
    bind: z.enum(['loopback', 'lan']),
    /** null: the app's default (8491). */
    port: z.number().int().min(1).max(65_535).nullable(),
    /** The links' public address when a reverse proxy or a tunnel fronts the server. */
    publicBaseUrl: z
      .string()
      .max(2000)
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'an http(s) address without a query, e.g. https://share.example.com')
      .nullable(),
    /** Keep recipients' whole IP addresses in the log (default: /24 and /48 only). */
    keepWholeIp: z.boolean(),
  })
  .strict();
export type ShareServerSettings = z.infer<typeof shareServerSettingsSchema>;

export const shareServerStatusSchema = z.object({
  /** off: not started (vault never unlocked in this session, or this shell does not serve links). */
  state: z.enum(['running', 'off', 'failed']),
  /** The base links are made with while running, e.g. http://127.0.0.1:8491. */
  baseUrl: z.string().nullable(),
  /** Where it listens, e.g. 127.0.0.1:8491. */
  address: z.string().nullable(),
  /** Why it is not running, in words (a port in use names the port). */
  error: z.string().nullable(),
});
export type ShareServerStatus = z.infer<typeof shareServerStatusSchema>;

const shareServerState = z.object({ settings: shareServerSettingsSchema, status: shareServerStatusSchema });
const shareId = z.object({ id: idSchema }).strict();

export const shareApiMethods = {
  /**
   * Makes a link to the assets' current versions. Without `options`, the vault's default policy.
   * Only approved versions unless `allowDrafts`: otherwise NOT_APPROVED, nothing made. The token is in
   * `url` and nowhere else: the vault keeps only its keyed hash, so the link is shown this once.
   */
  'shares.create': {
    args: z
      .object({ assetIds: z.array(idSchema).min(1).max(MAX_SHARE_ASSETS), options: shareOptionsSchema.optional(), allowDrafts: z.boolean().optional() })
      .strict(),
    result: z.object({
      id: idSchema,
      url: z.string(),
      expiresAt: z.number().nullable(),
      /** False when the share server is not running: the link works once it is. */
      serving: z.boolean(),
      share: shareSummarySchema,
    }),
  },
  'shares.list': { args: z.object({}).strict(), result: z.array(shareSummarySchema) },
  'shares.get': { args: shareId, result: shareDetailSchema },
  /** Takes effect on the link's next request. */
  'shares.revoke': { args: shareId, result: shareSummarySchema },
  /** A new expiry (from now, a date, or never); a revoked share is CONFLICT. */
  'shares.extend': { args: z.object({ id: idSchema, expiry: shareExpirySchema }).strict(), result: shareSummarySchema },
  /** New limits: a number sets, null removes, absent keeps. */
  'shares.change': {
    args: z
      .object({ id: idSchema, maxViews: limitSchema.nullable().optional(), maxDownloads: limitSchema.nullable().optional() })
      .strict()
      .refine((a) => a.maxViews !== undefined || a.maxDownloads !== undefined, 'name a limit to change (maxViews or maxDownloads)'),
    result: shareSummarySchema,
  },
  /** The share, its copies and its access log. */
  'shares.delete': { args: shareId, result: ok },
  'shares.getPolicy': { args: z.object({}).strict(), result: sharePolicySchema },
  'shares.setPolicy': { args: z.object({ policy: sharePolicySchema }).strict(), result: sharePolicySchema },
  'shareServer.get': { args: z.object({}).strict(), result: shareServerState },
  /** Saves the settings in the vault and restarts the server with them; the status says if it could not. */
  'shareServer.set': { args: z.object({ settings: shareServerSettingsSchema }).strict(), result: shareServerState },
} as const;

export const shareApiEvents = {
  /** A person (not a link-preview bot) opened a link for the first time. The name is null while the vault is locked. */
  'shares.opened': z.object({ shareId: idSchema, at: z.number(), recipientName: z.string().nullable() }),
  /** Shares whose counts, log or state changed (a request to the link, or a change in another window). */
  'shares.changed': z.object({ shareIds: z.array(idSchema) }),
} as const;
