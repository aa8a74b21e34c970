import { StrongroomError } from '../errors';
import { MAX_SHARE_PASSWORD_CHARS } from './password';

export const DEFAULT_SHARE_EXPIRY_MS = 24 * 3600_000;
export const DEFAULT_SHARE_RENDITION = 'builtin-web';

export interface ShareOptions {
  assetIds: readonly string[];
  /** How long the link works (ms from now); default 24 hours. Ignored when expiresAt or never is given. */
  expiresInMs?: number;
  expiresAt?: number;
  /** No expiry at all: only ever by this explicit choice. */
  never?: boolean;
  maxViews?: number | null;
  maxDownloads?: number | null;
  viewOnly?: boolean;
  password?: string | null;
  recipient?: { name?: string | null; company?: string | null; email?: string | null };
  renditionPresetId?: string;
  watermarkPresetId?: string | null;
  terms?: string | null;
  note?: string | null;
  allowDrafts?: boolean;
}

export interface CheckedShareOptions {
  assetIds: string[];
  expiresAt: number | null;
  maxViews: number | null;
  maxDownloads: number | null;
  viewOnly: boolean;
  password: string | null;
  recipient: { name: string | null; company: string | null; email: string | null };
  renditionPresetId: string;
  watermarkPresetId: string | null;
  terms: string | null;
  note: string | null;
  allowDrafts: boolean;
}

const bad = (message: string): never => {
  throw new StrongroomError('INVALID_ARGUMENT', message);
};

function limit(n: number | null | undefined, what: string): number | null {
  if (n === undefined || n === null) return null;
  if (!Number.isSafeInteger(n) || n < 1) bad(`${what} must be a whole number ≥ 1`);
  return n;
}

/** One line of text, NFC, trimmed, no control characters (it goes into a watermark and a log). */
function text(value: string | null | undefined, what: string, max: number, multiline = false): string | null {
  if (value === undefined || value === null) return null;
  const clean = value.normalize('NFC').trim();
  if (clean === '') return null;
  // eslint-disable-next-line no-control-regex
  const control = multiline ? /[\u0000-\u0008\u000b-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/;
  if (control.test(clean)) bad(`${what} may not contain control characters`);
  if ([...clean].length > max) bad(`${what} has at most ${max} characters`);
  return clean;
}

export function checkShareOptions(input: ShareOptions, now: number): CheckedShareOptions {
  if (input.assetIds.length === 0) bad('a share needs at least one asset');
  if (input.assetIds.length > 500) bad('a share holds at most 500 assets');
  let expiresAt: number | null;
  if (input.never === true) {
    if (input.expiresAt !== undefined || input.expiresInMs !== undefined) bad('choose an expiry or "never", not both');
    expiresAt = null;
  } else if (input.expiresAt !== undefined) {
    if (!Number.isSafeInteger(input.expiresAt) || input.expiresAt <= now) bad('the expiry must be in the future');
    expiresAt = input.expiresAt;
  } else {
    const ms = input.expiresInMs ?? DEFAULT_SHARE_EXPIRY_MS;
    if (!Number.isSafeInteger(ms) || ms < 1000) bad('a share lasts at least one second');
    expiresAt = now + ms;
  }
  const email = text(input.recipient?.email, "the recipient's e-mail", 254);
  if (email !== null && !/^[^\s@]+@[^\s@]+$/.test(email)) bad(`"${email}" is not an e-mail address`);
  const password = input.password ?? null;
  if (password !== null && (password.length === 0 || password.length > MAX_SHARE_PASSWORD_CHARS)) bad(`a share password has 1 to ${MAX_SHARE_PASSWORD_CHARS} characters`);
  return {
    assetIds: [...input.assetIds],
    expiresAt,
    maxViews: limit(input.maxViews, 'the view limit'),
    maxDownloads: limit(input.maxDownloads, 'the download limit'),
    viewOnly: input.viewOnly === true,
    password,
    recipient: { name: text(input.recipient?.name, "the recipient's name", 200), company: text(input.recipient?.company, "the recipient's company", 200), email },
    renditionPresetId: input.renditionPresetId ?? DEFAULT_SHARE_RENDITION,
    watermarkPresetId: input.watermarkPresetId ?? null,
    terms: text(input.terms, 'the terms', 20_000, true),
    note: text(input.note, 'the note', 2_000, true),
    allowDrafts: input.allowDrafts === true,
  };
}
