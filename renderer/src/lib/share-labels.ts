import type { ShareExpiryPreset, ShareLogEntry, ShareState } from '../../../shared/api/share-contract';
import { formatCount } from './format';

/** Display words for shares: states, expiry choices, access-log events and their reasons. */
export const SHARE_STATE_LABELS: Readonly<Record<ShareState, string>> = {
  active: 'Active',
  expired: 'Expired',
  'used-up': 'Used up',
  revoked: 'Revoked',
};

export const EXPIRY_PRESET_LABELS: Readonly<Record<ShareExpiryPreset, string>> = {
  '1h': '1 hour',
  '1d': '1 day',
  '7d': '7 days',
  '30d': '30 days',
};

/** Why the server refused a request, or what a page showed; the engine's words are in share/policy.ts. */
const REASONS: Readonly<Record<string, string>> = {
  expired: 'the link had expired',
  revoked: 'the link was revoked',
  'views-used-up': 'no views left',
  'downloads-used-up': 'no downloads left',
  'view-only': 'the link is view-only',
  'password-required': 'the password was not entered',
  'terms-required': 'the terms were not accepted',
  'preview-bot': 'a link-preview bot asked for an image',
  'rate-limited': 'too many wrong passwords',
  method: 'a request the link does not answer',
  unknown: 'an image the link does not hold',
};

/** One line of the timeline: "Viewed an image", "Denied: no views left", "Opened the link (asked for the password)". */
export function describeLogEntry(entry: Pick<ShareLogEntry, 'event' | 'reason'>): string {
  switch (entry.event) {
    case 'page':
      if (entry.reason === 'bot') return 'Link preview by a chat or social app (nothing counted)';
      if (entry.reason === 'password') return 'Opened the link (asked for the password)';
      if (entry.reason === 'terms') return 'Opened the link (shown the terms)';
      return 'Opened the link (images shown)';
    case 'view':
      return entry.reason === 'head' ? 'Checked an image without viewing it (not counted)' : 'Viewed an image';
    case 'download':
      return entry.reason === 'head' ? 'Checked a download without fetching it (not counted)' : 'Downloaded an image';
    case 'wrong_password':
      return 'Entered a wrong password';
    case 'password_accepted':
      return 'Entered the password';
    case 'terms_accepted':
      return 'Accepted the terms';
    case 'denied':
      return `Denied: ${entry.reason ? (REASONS[entry.reason] ?? entry.reason) : 'refused'}`;
  }
}

/** "3 of 10", or "3" when there is no limit. */
export function countWithLimit(count: number, limit: number | null): string {
  return limit === null ? formatCount(count) : `${formatCount(count)} of ${formatCount(limit)}`;
}

/** "Ada Buyer, Harbour Ltd", or "No recipient named". */
export function recipientLabel(recipient: { name: string | null; company: string | null; email: string | null }): string {
  const parts = [recipient.name, recipient.company].filter((p): p is string => p !== null && p !== '');
  if (parts.length > 0) return parts.join(', ');
  return recipient.email ?? 'No recipient named';
}
