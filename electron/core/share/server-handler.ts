import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRightsProfile, shopForWatermark } from '../catalog/rights-profile';
import type { ShareServingVault } from './serving-vault';
import { logAccess, truncateIp, type AccessRecord } from './access-log';
import { isPreviewBot } from './bots';
import { shareBlobsOf } from './create-share';
import { checkSharePassword } from './password';
import { decide, type PublicAnswer } from './policy';
import { applyHygiene, contentSecurityPolicy } from './server-headers';
import { BodyTooLarge, readForm } from './server-body';
import { SlidingLimiter } from './server-limits';
import { botPage, FORBIDDEN_PAGE, GONE_PAGE, imagesPage, METHOD_PAGE, PAGE_STYLE, passwordPage, termsPage, TOO_MANY_PAGE } from './server-page';
import { parseRoute } from './server-routes';
import { ShareStateCookies } from './server-state';
import { countAccess, findShareByTokenHash, sharePasswordOf } from './share-rows';
import { isShareTokenShape, shareRenditionKey, shareTokenHash } from './token';
import type { ShareRecord } from './types';

export interface ShareHandlerOptions {
  vault: ShareServingVault;
  /** Keep recipients' whole IP addresses in the log (default: /24 and /48). */
  keepWholeIp?: boolean;
  /** Failed passwords per link per hour before 429 (default 100). */
  maxPasswordFailuresPerHour?: number;
  /** Requests naming unknown tokens per IP per minute before 429 (default 30). */
  maxInvalidTokensPerMinute?: number;
  /** The clock; tests pass their own. */
  now?: () => number;
  log?: (message: string) => void;
}

const CONTENT_TYPES: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif' };
const ROBOTS = 'User-agent: *\nDisallow: /\n';
const TDMREP = `${JSON.stringify([{ location: '/', 'tdm-reservation': 1 }])}\n`;

export function createShareHandler(options: ShareHandlerOptions) {
  const { vault } = options;
  const now = options.now ?? Date.now;
  const sharesKey = vault.sharesKey();
  const blobs = shareBlobsOf(vault);
  const cookies = new ShareStateCookies();
  const passwordFailures = new SlidingLimiter(options.maxPasswordFailuresPerHour ?? 100, 3600_000);
  const invalidTokens = new SlidingLimiter(options.maxInvalidTokensPerMinute ?? 30, 60_000);
  const csp = contentSecurityPolicy(PAGE_STYLE);
  // The rights profile's web statement is the policy a TDM agent should read; only a plain ASCII URL fits a header.
  const tdmPolicy = () => {
    const url = getRightsProfile(vault.db).webStatement;
    return url && /^[\x21-\x7e]+$/.test(url) ? url : null;
  };

  function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: Buffer | string, extra: Record<string, string> = {}) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(bytes.length), ...extra });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  function answer(req: IncomingMessage, res: ServerResponse, kind: PublicAnswer | 'too-many', retryAfter = 0) {
    const html = 'text/html; charset=utf-8';
    if (kind === 'gone') return send(req, res, 404, html, GONE_PAGE);
    if (kind === 'forbidden') return send(req, res, 403, html, FORBIDDEN_PAGE);
    if (kind === 'method') return send(req, res, 405, html, METHOD_PAGE, { Allow: 'GET, HEAD, POST' });
    return send(req, res, 429, html, TOO_MANY_PAGE, { 'Retry-After': String(retryAfter) });
  }

  /**
   * Log rows are queued and written after the answer has gone out, in one transaction per batch: the
   * catalog's synchronous commit would otherwise make answers about known links (logged) slower than
   * answers about unknown ones (not logged), telling a prober which tokens once existed.
   */
  const pending: { record: AccessRecord; at: number }[] = [];
  function flushLog(): void {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    vault.db.transaction(() => {
      for (const p of batch) logAccess(vault.db, p.record, p.at);
    })();
  }

  function record(req: IncomingMessage, share: ShareRecord, event: AccessRecord['event'], reason: string | null = null) {
    const ua = req.headers['user-agent'];
    const referrer = req.headers.referer;
    pending.push({
      record: { shareId: share.id, event, reason, ip: truncateIp(req.socket.remoteAddress, options.keepWholeIp), userAgent: ua ?? null, referrer: referrer ?? null },
      at: now(),
    });
  }

  function flushLogSafely(): void {
    try {
      flushLog();
    } catch (err) {
      options.log?.(`share server: the access log could not be written: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applyHygiene(res, csp, tdmPolicy());
    const route = parseRoute(req.url);
    const method = req.method ?? 'GET';
    if (route.kind === 'robots' || route.kind === 'tdmrep') {
      if (method !== 'GET' && method !== 'HEAD') return answer(req, res, 'method');
      return route.kind === 'robots' ? send(req, res, 200, 'text/plain; charset=utf-8', ROBOTS) : send(req, res, 200, 'application/json', TDMREP);
    }
    if (route.kind === 'none') return answer(req, res, 'gone');

    const ip = req.socket.remoteAddress ?? '';
    const blockedFor = invalidTokens.retryAfter(ip, now());
    if (blockedFor > 0) return answer(req, res, 'too-many', blockedFor);
    // Every token, well-formed or not, costs the same HMAC and lookup, so timing tells nothing either.
    const share = findShareByTokenHash(vault.db, shareTokenHash(sharesKey, route.token));
    const known = share !== null && isShareTokenShape(route.token) ? share : null;
    if (!known) invalidTokens.hit(ip, now());

    const hasPassword = known ? known.hasPassword : false;
    const passwordOk = known !== null && (!hasPassword || cookies.has(req, 'password', known.id));
    const termsOk = known !== null && (known.terms === null || cookies.has(req, 'terms', known.id));
    const decision = decide(known, { route: route.route, method, passwordOk, termsOk, isBot: isPreviewBot(req.headers['user-agent']), position: route.position }, now());
    if (!decision.allow) {
      if (known) record(req, known, 'denied', decision.reason);
      return answer(req, res, decision.answer);
    }
    const s = known!;
    // Only the HTML pages name the shop; image and download requests skip the lookup.
    const shop = () => shopForWatermark(vault.db);

    if (route.route === 'password') {
      const retry = passwordFailures.retryAfter(s.id, now());
      if (retry > 0) {
        record(req, s, 'denied', 'rate-limited');
        return answer(req, res, 'too-many', retry);
      }
      const form = await readForm(req);
      const stored = sharePasswordOf(vault.db, s.id);
      if (stored && (await checkSharePassword(form.get('password') ?? '', stored))) {
        record(req, s, 'password_accepted');
        return send(req, res, 303, 'text/plain; charset=utf-8', '', { Location: route.base, 'Set-Cookie': cookies.setCookie('password', s.id, route.base.slice(0, -1)) });
      }
      passwordFailures.hit(s.id, now());
      record(req, s, 'wrong_password');
      return send(req, res, 403, 'text/html; charset=utf-8', passwordPage(shop(), route.base, true));
    }
    if (route.route === 'terms') {
      await readForm(req);
      record(req, s, 'terms_accepted');
      return send(req, res, 303, 'text/plain; charset=utf-8', '', { Location: route.base, 'Set-Cookie': cookies.setCookie('terms', s.id, route.base.slice(0, -1)) });
    }
    if (route.route === 'page') {
      record(req, s, 'page', decision.page === 'images' ? null : (decision.page ?? null));
      const html = 'text/html; charset=utf-8';
      if (decision.page === 'bot') return send(req, res, 200, html, botPage(shop()));
      if (decision.page === 'password') return send(req, res, 200, html, passwordPage(shop(), route.base, false));
      if (decision.page === 'terms') return send(req, res, 200, html, termsPage(shop(), route.base, s.terms ?? ''));
      const downloads = !s.viewOnly && (s.maxDownloads === null || s.downloads < s.maxDownloads);
      return send(req, res, 200, html, imagesPage(shop(), route.base, s, downloads));
    }

    const asset = s.assets.find((a) => a.position === route.position)!;
    if (decision.count !== null && !countAccess(vault.db, s.id, decision.count, now())) {
      record(req, s, 'denied', decision.count === 'view' ? 'views-used-up' : 'downloads-used-up');
      return answer(req, res, 'gone');
    }
    const key = shareRenditionKey(route.token, s.id);
    try {
      const type = CONTENT_TYPES[asset.format] ?? 'application/octet-stream';
      const extra: Record<string, string> =
        route.route === 'download' ? { 'Content-Disposition': `attachment; filename="${asset.downloadName}"` } : { 'Content-Disposition': `inline; filename="${asset.downloadName}"` };
      if (method === 'HEAD') {
        res.writeHead(200, { 'Content-Type': type, 'Content-Length': String(asset.byteSize), ...extra });
        res.end();
      } else {
        send(req, res, 200, type, await blobs.get(key, asset.renditionBlob), extra);
      }
      if (decision.count !== null || method === 'HEAD') record(req, s, route.route === 'image' ? 'view' : 'download', method === 'HEAD' ? 'head' : null);
    } finally {
      key.fill(0);
    }
  }

  return {
    async listener(req: IncomingMessage, res: ServerResponse): Promise<void> {
      res.once('finish', () => setImmediate(flushLogSafely));
      try {
        await handle(req, res);
      } catch (err) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (err instanceof BodyTooLarge) {
          send(req, res, 413, 'text/plain; charset=utf-8', 'Too large\n', { Connection: 'close' });
          return;
        }
        options.log?.(`share server: ${err instanceof Error ? err.message : String(err)}`);
        send(req, res, 500, 'text/plain; charset=utf-8', 'Something went wrong\n');
      }
    },
    /** Writes queued log rows now (the server does it after each answer; tests and close call it). */
    flushLog,
    close(): void {
      flushLogSafely();
      sharesKey.fill(0);
    },
  };
}
