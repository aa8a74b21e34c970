import type { Database } from 'better-sqlite3-multiple-ciphers';
import {
  sharePolicySchema,
  shareServerSettingsSchema,
  type SharePolicy,
  type ShareServerSettings,
} from '../../../shared/api/share-contract';
import { parseOrThrow } from '../catalog/preset-schemas';
import { StrongroomError } from '../errors';
import { DEFAULT_SHARE_RENDITION } from './share-options';

/**
 * The vault's share settings, in the catalog's `settings` table (docs/vault-format.md section 8):
 * `share_policy` (what one-click Share uses) and `share_server` (where the app's share server listens
 * and what its links look like), each JSON validated with the API's schemas on write and on read.
 * No row means the defaults below. They live in the vault, not on the computer, so a vault moved to
 * another machine makes the same links.
 */
const POLICY_KEY = 'share_policy';
const SERVER_KEY = 'share_server';

/** One day, the built-in web rendition, no limits, no watermark: a link made without thinking still expires. */
export const DEFAULT_SHARE_POLICY: SharePolicy = {
  expiry: '1d',
  maxViews: null,
  maxDownloads: null,
  viewOnly: false,
  renditionPresetId: DEFAULT_SHARE_RENDITION,
  watermarkPresetId: null,
  terms: null,
};

/** Loopback only and the app's default port: nothing is reachable from another computer until the owner says so. */
export const DEFAULT_SHARE_SERVER_SETTINGS: ShareServerSettings = { bind: 'loopback', port: null, publicBaseUrl: null, keepWholeIp: false };

function read(db: Database, key: string): string | undefined {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

function write(db: Database, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

function parseStored<T>(raw: string | undefined, parse: (value: unknown) => T, fallback: T): T {
  if (raw === undefined) return fallback;
  return parse(JSON.parse(raw));
}

const exists = (db: Database, table: 'rendition_presets' | 'watermark_presets', id: string) => db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;

/**
 * The default policy, with presets deleted since it was saved replaced by the defaults (the built-in
 * rendition, no watermark), so one-click Share never fails on a preset the owner removed.
 */
export function getSharePolicy(db: Database): SharePolicy {
  const stored = parseStored(read(db, POLICY_KEY), (v) => parseOrThrow(sharePolicySchema, v, 'the stored share policy'), DEFAULT_SHARE_POLICY);
  return {
    ...stored,
    renditionPresetId: exists(db, 'rendition_presets', stored.renditionPresetId) ? stored.renditionPresetId : DEFAULT_SHARE_RENDITION,
    watermarkPresetId: stored.watermarkPresetId !== null && exists(db, 'watermark_presets', stored.watermarkPresetId) ? stored.watermarkPresetId : null,
  };
}

/** Presets must exist now (NOT_FOUND otherwise), so a typo is caught when the policy is saved, not at the next share. */
export function setSharePolicy(db: Database, input: unknown): SharePolicy {
  const policy = parseOrThrow(sharePolicySchema, input, 'share policy');
  if (!exists(db, 'rendition_presets', policy.renditionPresetId)) throw notFound(`no rendition preset with id "${policy.renditionPresetId}"`);
  if (policy.watermarkPresetId !== null && !exists(db, 'watermark_presets', policy.watermarkPresetId)) throw notFound(`no watermark preset with id "${policy.watermarkPresetId}"`);
  const terms = policy.terms?.trim() ? policy.terms : null;
  const saved = { ...policy, terms };
  write(db, POLICY_KEY, saved);
  return saved;
}

export function getShareServerSettings(db: Database): ShareServerSettings {
  return parseStored(read(db, SERVER_KEY), (v) => parseOrThrow(shareServerSettingsSchema, v, 'the stored share server settings'), DEFAULT_SHARE_SERVER_SETTINGS);
}

export function setShareServerSettings(db: Database, input: unknown): ShareServerSettings {
  const settings = parseOrThrow(shareServerSettingsSchema, input, 'share server settings');
  const saved = { ...settings, publicBaseUrl: settings.publicBaseUrl === null ? null : settings.publicBaseUrl.replace(/\/+$/, '') };
  write(db, SERVER_KEY, saved);
  return saved;
}

function notFound(message: string): StrongroomError {
  return new StrongroomError('NOT_FOUND', message);
}
