import { shareState, type ShareRecord } from '../../share/types';
import { StrongroomError } from '../../errors';
import { shareBaseUrlFor } from '../../share/share-service';
import type { ShareServerSettings } from '../../../../shared/api/share-contract';

/** Where `serve-shares` listens unless told otherwise, so links printed by `share create` stay valid. */
export const DEFAULT_SHARE_PORT = 8491;

/**
 * The links' base from `--base-url` or $STRONGROOM_SHARE_BASE_URL, checked; null when neither is given,
 * and the vault's share-server settings (what the app serves) decide (linkBaseFromSettings).
 */
export function shareBaseUrl(values: Record<string, unknown>, env: NodeJS.ProcessEnv): string | null {
  const given = typeof values['base-url'] === 'string' ? values['base-url'] : env.STRONGROOM_SHARE_BASE_URL;
  if (given === undefined) return null;
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(given)) throw new StrongroomError('INVALID_ARGUMENT', `--base-url must be an http(s) address, got "${given}"`);
  return given.replace(/\/+$/, '');
}

/** Where the app's share server (and serve-shares without options) answers, per the vault's settings. */
export function linkBaseFromSettings(settings: ShareServerSettings): string {
  return shareBaseUrlFor(settings, settings.port ?? DEFAULT_SHARE_PORT);
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `24h`, `7d`, `90m`, `never`, or a date (ISO 8601); the result is ms from now, an instant, or never. */
export function parseExpiry(raw: string, now: number): { expiresAt: number } | { never: true } {
  if (raw === 'never') return { never: true };
  const m = /^(\d{1,6})([smhdw])$/.exec(raw);
  if (m) return { expiresAt: now + Number(m[1]) * UNITS[m[2]!]! };
  const date = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(date)) throw new StrongroomError('INVALID_ARGUMENT', `--expires takes a duration (30m, 24h, 7d, 2w), a date (2026-12-31T18:00) or "never"; got "${raw}"`);
  if (date <= now) throw new StrongroomError('INVALID_ARGUMENT', '--expires: that date is in the past');
  return { expiresAt: date };
}

export function parseCount(raw: unknown, option: string): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,8}$/.test(raw)) throw new StrongroomError('INVALID_ARGUMENT', `--${option} takes a whole number ≥ 1`);
  return Number(raw);
}

export function shareSummary(share: ShareRecord, now: number) {
  return {
    id: share.id,
    state: shareState(share, now),
    createdAt: new Date(share.createdAt).toISOString(),
    expiresAt: share.expiresAt === null ? null : new Date(share.expiresAt).toISOString(),
    views: share.views,
    maxViews: share.maxViews,
    downloads: share.downloads,
    maxDownloads: share.maxDownloads,
    viewOnly: share.viewOnly,
    password: share.hasPassword,
    recipient: share.recipient,
    assets: share.assets.map((a) => a.assetId),
    revokedAt: share.revokedAt === null ? null : new Date(share.revokedAt).toISOString(),
  };
}

export function renderShareLine(s: ReturnType<typeof shareSummary>): string {
  const limit = (n: number, max: number | null) => (max === null ? `${n}` : `${n}/${max}`);
  return [s.id, s.state.padEnd(7), `expires ${s.expiresAt ?? 'never'}`, `views ${limit(s.views, s.maxViews)}`, `downloads ${limit(s.downloads, s.maxDownloads)}`, s.recipient.name ?? '-', `${s.assets.length} asset(s)`].join('  ');
}
