import { shareState, type ShareRecord } from './types';

export type ShareRoute = 'page' | 'image' | 'download' | 'password' | 'terms';

export interface PolicyRequest {
  route: ShareRoute;
  method: string;
  /** The request carries this share's valid password cookie (or the share has no password). */
  passwordOk: boolean;
  /** The request carries this share's terms cookie (or the share has no terms). */
  termsOk: boolean;
  isBot: boolean;
  /** The asset position asked for (image and download routes); absent elsewhere. */
  position?: number;
  /**
   * A range paid from a continuation of this route and asset, granted by a request that was counted
   * (server-ranges.ts). It counts nothing, and it may finish the last view or download of a share that
   * is used up since; it never outlives a revoke or the expiry.
   */
  continued?: boolean;
}

export type DenyReason =
  | 'unknown'
  | 'expired'
  | 'revoked'
  | 'views-used-up'
  | 'downloads-used-up'
  | 'view-only'
  | 'password-required'
  | 'terms-required'
  | 'preview-bot'
  | 'method';

/**
 * What the recipient is told. `gone` is one response for every reason a link may have stopped
 * working (or never existed), so nothing can be learnt about a token from the answer.
 */
export type PublicAnswer = 'gone' | 'forbidden' | 'method';

export type Decision =
  | { allow: true; count: 'view' | 'download' | null; page?: 'password' | 'terms' | 'images' | 'bot' }
  | { allow: false; reason: DenyReason; answer: PublicAnswer };

const GONE: Record<string, DenyReason> = { expired: 'expired', revoked: 'revoked', 'used-up': 'views-used-up' };

const deny = (reason: DenyReason, answer: PublicAnswer): Decision => ({ allow: false, reason, answer });

const METHODS: Record<ShareRoute, readonly string[]> = {
  page: ['GET', 'HEAD'],
  image: ['GET', 'HEAD'],
  download: ['GET', 'HEAD'],
  password: ['POST'],
  terms: ['POST'],
};

/**
 * The one decision in front of every share route (docs/architecture.md, "Shares"). Pure: the caller
 * passes the time, and the counting itself is re-checked atomically in SQL (share-rows.ts countAccess).
 */
export function decide(share: ShareRecord | null, request: PolicyRequest, now: number): Decision {
  if (!share) return deny('unknown', 'gone');
  const state = shareState(share, now);
  const continued = request.continued === true && (request.route === 'image' || request.route === 'download');
  if (state !== 'active' && !(state === 'used-up' && continued)) return deny(GONE[state]!, 'gone');
  if (!METHODS[request.route].includes(request.method)) return deny('method', 'method');
  const head = request.method === 'HEAD';

  if (request.route === 'password') return share.hasPassword ? { allow: true, count: null } : deny('method', 'forbidden');
  if (request.route === 'terms') {
    if (share.terms === null) return deny('method', 'forbidden');
    return request.passwordOk ? { allow: true, count: null } : deny('password-required', 'forbidden');
  }
  if (request.route === 'page') {
    // The shell never counts; what it shows depends on what the recipient has done so far.
    if (request.isBot) return { allow: true, count: null, page: 'bot' };
    if (!request.passwordOk) return { allow: true, count: null, page: 'password' };
    if (!request.termsOk) return { allow: true, count: null, page: 'terms' };
    return { allow: true, count: null, page: 'images' };
  }

  // Bytes of an image: the asset must exist in this share (else the same `gone` as a bad token).
  if (request.position === undefined || !share.assets.some((a) => a.position === request.position)) return deny('unknown', 'gone');
  if (request.isBot) return deny('preview-bot', 'forbidden');
  if (!request.passwordOk) return deny('password-required', 'forbidden');
  if (!request.termsOk) return deny('terms-required', 'forbidden');
  if (request.route === 'image') return { allow: true, count: head || continued ? null : 'view' };
  if (share.viewOnly) return deny('view-only', 'gone');
  if (!continued && share.maxDownloads !== null && share.downloads >= share.maxDownloads) return deny('downloads-used-up', 'gone');
  return { allow: true, count: head || continued ? null : 'download' };
}
