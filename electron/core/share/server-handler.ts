import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRightsProfile, shopForWatermark } from '../catalog/rights-profile';
import type { ShareServingVault } from './serving-vault';
import { truncateIp, type AccessRecord } from './access-log';
import { isPreviewBot } from './bots';
import { checkSharePassword } from './password';
import { decide, type Decision, type PublicAnswer } from './policy';
import { BodyTooLarge, readForm } from './server-body';
import { DEFAULT_RENDITION_CACHE_BYTES, RenditionCache } from './server-cache';
import { clientAddress, TrustedProxies } from './server-client';
import { contentSecurityPolicy, hygieneHeaderList } from './server-headers';
import { SlidingLimiter } from './server-limits';
import { botPage, FORBIDDEN_PAGE, GONE_PAGE, imagesPage, METHOD_PAGE, PAGE_STYLE, passwordPage, termsPage, TOO_MANY_PAGE } from './server-page';
import { parseRange, RangeContinuations, type RangeAsk, type RangeScope } from './server-ranges';
import { RenditionSource, renditionEtag } from './server-renditions';
import { parseRoute, type ParsedRoute } from './server-routes';
import { ShareStateCookies } from './server-state';
import { ShareWriteQueue } from './server-writes';
import { REMOVED_RENDITION } from './share-blobs';
import { ShareLookup } from './server-lookup';
import { sharePasswordOf } from './share-rows';
import { isShareTokenShape } from './token';
import type { ShareAssetRecord, ShareRecord } from './types';

export interface ShareHandlerOptions {
  vault: ShareServingVault;
  /** Keep recipients' whole IP addresses in the log (default: /24 and /48). */
  keepWholeIp?: boolean;
  /** Failed passwords per link per hour before 429 (default 100). */
  maxPasswordFailuresPerHour?: number;
  /** Requests naming unknown tokens per IP per minute before 429 (default 30). */
  maxInvalidTokensPerMinute?: number;
  /** Bytes of decrypted renditions kept in memory (default 64 MiB; 0 keeps none). */
  renditionCacheBytes?: number;
  /**
   * Reverse proxies (addresses or networks) whose `Forwarded` / `X-Forwarded-For` name the client;
   * none by default, when the socket's peer is the client.
   */
  trustProxy?: readonly string[];
  /** How long the range continuation a counted request grants lasts (default 10 minutes). */
  rangeContinuationMs?: number;
  /** The clock; tests pass their own. */
  now?: () => number;
  log?: (message: string) => void;
}

type ShareRoute = Extract<ParsedRoute, { kind: 'share' }>;

const CONTENT_TYPES: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif' };
const ROBOTS = 'User-agent: *\nDisallow: /\n';
const TDMREP = `${JSON.stringify([{ location: '/', 'tdm-reservation': 1 }])}\n`;
const HTML = 'text/html; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
/** The rights profile's TDM policy URL is re-read this often (a header, not a decision: a few seconds stale is fine). */
const TDM_POLICY_TTL_MS = 5_000;

/** What an image or download request is after, worked out before the decision (a paid continuation is part of it). */
interface AssetAsk {
  asset: ShareAssetRecord;
  etag: string;
  range: RangeAsk;
  scope: RangeScope;
  continued: boolean;
}

export function createShareHandler(options: ShareHandlerOptions) {
  const { vault } = options;
  const now = options.now ?? Date.now;
  const report = (message: string) => options.log?.(`share server: ${message}`);
  const sharesKey = vault.sharesKey();
  const cookies = new ShareStateCookies();
  const continuations = new RangeContinuations(options.rangeContinuationMs);
  const trusted = new TrustedProxies(options.trustProxy);
  const cache = new RenditionCache(options.renditionCacheBytes ?? DEFAULT_RENDITION_CACHE_BYTES);
  const renditions = new RenditionSource(vault, cache);
  const writes = new ShareWriteQueue(vault.db, report);
  const passwordFailures = new SlidingLimiter(options.maxPasswordFailuresPerHour ?? 100, 3600_000);
  const invalidTokens = new SlidingLimiter(options.maxInvalidTokensPerMinute ?? 30, 60_000);
  const lookup = new ShareLookup(vault.db, sharesKey);
  const csp = contentSecurityPolicy(PAGE_STYLE);
  // The rights profile's web statement is the policy a TDM agent should read; only a plain ASCII URL fits a header.
  let hygiene = { list: [] as readonly string[], until: -Infinity };
  const hygieneHeaders = () => {
    const at = performance.now();
    if (at >= hygiene.until) {
      const url = getRightsProfile(vault.db).webStatement;
      hygiene = { list: hygieneHeaderList(csp, url && /^[\x21-\x7e]+$/.test(url) ? url : null), until: at + TDM_POLICY_TTL_MS };
    }
    return hygiene.list;
  };

  /** Every response's head is written here; Date is left out (answers to different tokens are byte-identical). */
  function writeFullHead(res: ServerResponse, status: number, headers: readonly string[]) {
    res.sendDate = false;
    res.writeHead(status, headers as string[]);
  }

  /** A head with the hygiene headers put in front of `headers`. */
  function writeHead(res: ServerResponse, status: number, headers: readonly string[]) {
    writeFullHead(res, status, [...hygieneHeaders(), ...headers]);
  }

  function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: Buffer | string, extra: readonly string[] = []) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    writeHead(res, status, ['Content-Type', type, 'Content-Length', String(bytes.length), ...extra]);
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  function answer(req: IncomingMessage, res: ServerResponse, kind: PublicAnswer | 'too-many', retryAfter = 0) {
    if (kind === 'gone') return send(req, res, 404, HTML, GONE_PAGE);
    if (kind === 'forbidden') return send(req, res, 403, HTML, FORBIDDEN_PAGE);
    if (kind === 'method') return send(req, res, 405, HTML, METHOD_PAGE, ['Allow', 'GET, HEAD, POST']);
    return send(req, res, 429, HTML, TOO_MANY_PAGE, ['Retry-After', String(retryAfter)]);
  }

  // A client sends the same user agent on every request: remember the last one's verdict.
  let lastAgent = { ua: undefined as string | undefined, bot: false };
  function previewBot(ua: string | undefined): boolean {
    if (ua !== lastAgent.ua) lastAgent = { ua, bot: isPreviewBot(ua) };
    return lastAgent.bot;
  }

  // Most requests come from the address before them: remember the last one's logged form.
  let lastIp = { ip: '', logged: null as string | null };
  function loggedIp(ip: string): string | null {
    if (ip !== lastIp.ip) lastIp = { ip, logged: truncateIp(ip, options.keepWholeIp) };
    return lastIp.logged;
  }

  function accessRecord(req: IncomingMessage, ip: string, share: ShareRecord, event: AccessRecord['event'], reason: string | null = null): AccessRecord {
    const ua = req.headers['user-agent'];
    const referrer = req.headers.referer;
    return { shareId: share.id, event, reason, ip: loggedIp(ip), userAgent: ua ?? null, referrer: referrer ?? null };
  }

  function record(req: IncomingMessage, ip: string, share: ShareRecord, event: AccessRecord['event'], reason: string | null = null) {
    writes.log(accessRecord(req, ip, share, event, reason), now());
  }

  function askForAsset(req: IncomingMessage, share: ShareRecord, route: 'image' | 'download', position: number | undefined): AssetAsk | null {
    const asset = share.assets.find((a) => a.position === position);
    if (!asset || asset.renditionBlob === REMOVED_RENDITION) return null;
    const etag = renditionEtag(asset);
    const ifRange = req.headers['if-range'];
    const range = parseRange(req.headers.range, typeof ifRange === 'string' ? ifRange : undefined, etag, asset.byteSize);
    const scope: RangeScope = { route, shareId: share.id, position: asset.position, etag };
    const continued = req.method === 'GET' && range.kind === 'range' && continuations.take(req.headers.cookie, scope, range.end - range.start + 1, now());
    return { asset, etag, range, scope, continued };
  }

  function assetHeaders(asset: ShareAssetRecord, route: 'image' | 'download', etag: string, length: number): string[] {
    return [
      'Content-Type',
      CONTENT_TYPES[asset.format] ?? 'application/octet-stream',
      'Content-Length',
      String(length),
      'Content-Disposition',
      `${route === 'download' ? 'attachment' : 'inline'}; filename="${asset.downloadName}"`,
      'Accept-Ranges',
      'bytes',
      'ETag',
      etag,
    ];
  }

  // The usual answer, a whole image with no cookie, has the same headers every time for an asset and
  // route: built once (per hygiene list, re-read every few seconds) rather than per request. Keyed by
  // the lookup's cached asset records, so they go when the share does.
  const wholeHeadersOf = new WeakMap<ShareAssetRecord, { hygiene: readonly string[]; image?: readonly string[]; download?: readonly string[] }>();
  function wholeHeaders(asset: ShareAssetRecord, route: 'image' | 'download', etag: string): readonly string[] {
    const hygiene = hygieneHeaders();
    let entry = wholeHeadersOf.get(asset);
    if (!entry || entry.hygiene !== hygiene) wholeHeadersOf.set(asset, (entry = { hygiene }));
    return (entry[route] ??= [...hygiene, ...assetHeaders(asset, route, etag, asset.byteSize)]);
  }

  async function serveAsset(req: IncomingMessage, res: ServerResponse, ip: string, s: ShareRecord, route: { route: 'image' | 'download'; token: string; base: string }, ask: AssetAsk, decision: Decision & { allow: true }) {
    const { asset, range } = ask;
    const size = asset.byteSize;
    if (range.kind === 'unsatisfiable') {
      record(req, ip, s, 'denied', 'range-not-satisfiable');
      return send(req, res, 416, TEXT, '', ['Content-Range', `bytes */${size}`]);
    }
    const event = route.route === 'image' ? 'view' : 'download';
    if (decision.count !== null) {
      // Counted and logged in one transaction; nothing is sent before the commit.
      const counted = await writes.count(s.id, decision.count, now(), accessRecord(req, ip, s, event), decision.count === 'view' ? 'views-used-up' : 'downloads-used-up');
      if (!counted) return answer(req, res, 'gone');
    }
    const start = range.kind === 'range' ? range.start : 0;
    const end = range.kind === 'range' ? range.end : size - 1;
    // A counted download (which a broken connection may need to resume) or counted range opens a continuation.
    const grants = decision.count !== null && (route.route === 'download' || range.kind === 'range');
    // The whole image's head (hygiene headers included) is built once per asset and route.
    let headers: readonly string[];
    if (range.kind === 'whole' && !grants) {
      headers = wholeHeaders(asset, route.route, ask.etag);
    } else {
      const list = [...hygieneHeaders(), ...assetHeaders(asset, route.route, ask.etag, end - start + 1)];
      if (range.kind === 'range') list.push('Content-Range', `bytes ${start}-${end}/${size}`);
      if (grants) list.push('Set-Cookie', continuations.grant(ask.scope, size, `${route.base}${route.route === 'image' ? 'i' : 'd'}/${asset.position}`, now()));
      headers = list;
    }
    const status = range.kind === 'range' ? 206 : 200;
    if (req.method === 'HEAD') {
      writeFullHead(res, status, headers);
      res.end();
    } else {
      const data = renditions.cached(s.id, asset) ?? (await renditions.bytes(route.token, s.id, asset));
      // The length was promised from the catalog's record of the rendition: a mismatch is a 500, never a torn answer.
      if (data.length !== size) throw new Error(`rendition ${asset.position} of share ${s.id} is ${data.length} bytes, not the ${size} recorded`);
      writeFullHead(res, status, headers);
      res.end(range.kind === 'range' ? data.subarray(start, end + 1) : data);
    }
    if (decision.count === null) record(req, ip, s, event, req.method === 'HEAD' ? 'head' : 'range-continued');
  }

  /** The one policy check (a function of its own, not a closure made per request). */
  function check(req: IncomingMessage, route: ShareRoute, method: string, assetRoute: 'image' | 'download' | null, isBot: boolean, forCount: boolean) {
    const known = isShareTokenShape(route.token) ? lookup.find(route.token, forCount) : null;
    const passwordOk = known !== null && (!known.hasPassword || cookies.has(req, 'password', known.id));
    const termsOk = known !== null && (known.terms === null || cookies.has(req, 'terms', known.id));
    const ask = known && assetRoute ? askForAsset(req, known, assetRoute, route.position) : null;
    // A removed rendition is an asset no longer in the share: decide() answers it like a bad token.
    const position = assetRoute && !ask ? undefined : route.position;
    const decision = decide(known, { route: route.route, method, passwordOk, termsOk, isBot, position, continued: ask?.continued === true }, now());
    return { known, ask, decision };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = parseRoute(req.url);
    const method = req.method ?? 'GET';
    if (route.kind === 'robots' || route.kind === 'tdmrep') {
      if (method !== 'GET' && method !== 'HEAD') return answer(req, res, 'method');
      return route.kind === 'robots' ? send(req, res, 200, TEXT, ROBOTS) : send(req, res, 200, 'application/json', TDMREP);
    }
    if (route.kind === 'none') return answer(req, res, 'gone');

    const ip = clientAddress(req.socket.remoteAddress, req.headers, trusted);
    const blockedFor = invalidTokens.retryAfter(ip, now());
    if (blockedFor > 0) return answer(req, res, 'too-many', blockedFor);
    const assetRoute = route.route === 'image' || route.route === 'download' ? route.route : null;
    const isBot = previewBot(req.headers['user-agent']);
    // A GET of an image or download without Range is counted whenever it is allowed (it cannot be a
    // paid continuation), so its policy row may be this turn's (server-lookup.ts). Anything else that
    // row would decide, a refusal included, is decided again on a fresh read.
    const forCount = assetRoute !== null && method === 'GET' && req.headers.range === undefined;
    let { known, ask, decision } = check(req, route, method, assetRoute, isBot, forCount);
    if (lookup.lastFromTurn && !(decision.allow && decision.count !== null)) ({ known, ask, decision } = check(req, route, method, assetRoute, isBot, false));
    if (!known) invalidTokens.hit(ip, now());
    if (!decision.allow) {
      lookup.notWorking(route.token);
      if (known) {
        record(req, ip, known, 'denied', decision.reason);
        // A share that ended gives its renditions' memory back at once (the sweep catches the rest). Its
        // small fixed part stays until the sweep, so the next refusals cost what an unknown token costs.
        if (decision.reason === 'expired' || decision.reason === 'revoked') cache.dropShare(known.id);
      }
      return answer(req, res, decision.answer);
    }
    const s = known!;
    lookup.working(route.token);
    if (assetRoute) return serveAsset(req, res, ip, s, { route: assetRoute, token: route.token, base: route.base }, ask!, decision);
    // Only the HTML pages name the shop; image and download requests skip the lookup.
    const shop = () => shopForWatermark(vault.db);

    if (route.route === 'password') {
      const retry = passwordFailures.retryAfter(s.id, now());
      if (retry > 0) {
        record(req, ip, s, 'denied', 'rate-limited');
        return answer(req, res, 'too-many', retry);
      }
      const form = await readForm(req);
      const stored = sharePasswordOf(vault.db, s.id);
      if (stored && (await checkSharePassword(form.get('password') ?? '', stored))) {
        record(req, ip, s, 'password_accepted');
        return send(req, res, 303, TEXT, '', ['Location', route.base, 'Set-Cookie', cookies.setCookie('password', s.id, route.base.slice(0, -1))]);
      }
      passwordFailures.hit(s.id, now());
      record(req, ip, s, 'wrong_password');
      return send(req, res, 403, HTML, passwordPage(shop(), route.base, true));
    }
    if (route.route === 'terms') {
      await readForm(req);
      record(req, ip, s, 'terms_accepted');
      return send(req, res, 303, TEXT, '', ['Location', route.base, 'Set-Cookie', cookies.setCookie('terms', s.id, route.base.slice(0, -1))]);
    }
    record(req, ip, s, 'page', decision.page === 'images' ? null : (decision.page ?? null));
    if (decision.page === 'bot') return send(req, res, 200, HTML, botPage(shop()));
    if (decision.page === 'password') return send(req, res, 200, HTML, passwordPage(shop(), route.base, false));
    if (decision.page === 'terms') return send(req, res, 200, HTML, termsPage(shop(), route.base, s.terms ?? ''));
    const downloads = !s.viewOnly && (s.maxDownloads === null || s.downloads < s.maxDownloads);
    return send(req, res, 200, HTML, imagesPage(shop(), route.base, s, downloads));
  }

  /** Lets go of what the server holds in memory for a share (it ended, or was deleted). */
  function forget(shareId: string): void {
    cache.dropShare(shareId);
    lookup.forget(shareId);
  }

  return {
    async listener(req: IncomingMessage, res: ServerResponse): Promise<void> {
      try {
        await handle(req, res);
      } catch (err) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (err instanceof BodyTooLarge) {
          send(req, res, 413, TEXT, 'Too large\n', ['Connection', 'close']);
          return;
        }
        report(err instanceof Error ? err.message : String(err));
        send(req, res, 500, TEXT, 'Something went wrong\n');
      }
    },
    /** Writes queued log rows (and counts) now; the server does it after each turn of the event loop. */
    flushLog: () => writes.flush(),
    /** Commits of counts and log rows since start, and the counts they carried. */
    writeStats: (): { commits: number; counts: number } => ({ ...writes.stats }),
    /** What the sweep checks: shares with something in memory, and how to let one go. */
    memory: { shareIds: () => [...new Set([...cache.shareIds(), ...lookup.shareIds()])], forget },
    async close(): Promise<void> {
      await writes.close();
      cache.clear();
      lookup.clear();
      continuations.clear();
      sharesKey.fill(0);
    },
  };
}
