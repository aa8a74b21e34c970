import { describe, expect, it } from 'vitest';
import { decide, type PolicyRequest, type ShareRoute } from '../../electron/core/share/policy';
import type { ShareRecord } from '../../electron/core/share/types';

const NOW = 1_800_000_000_000;

function share(overrides: Partial<ShareRecord> = {}): ShareRecord {
  return {
    id: 'sharesharesh',
    createdAt: NOW - 1000,
    expiresAt: NOW + 3600_000,
    maxViews: 10,
    maxDownloads: 5,
    views: 0,
    downloads: 0,
    viewOnly: false,
    hasPassword: false,
    recipient: { name: 'Ada', company: null, email: null },
    renditionPresetId: 'builtin-web',
    watermarkPresetId: null,
    terms: null,
    note: null,
    revokedAt: null,
    assets: [{ position: 1, assetId: 'a', versionId: 'v', renditionBlob: 'b'.repeat(64), byteSize: 10, format: 'jpeg', width: 1, height: 1, downloadName: 'image-1.jpg' }],
    ...overrides,
  };
}

/** The states of the matrix, each with the request flags a recipient in that state would have. */
const STATES: Record<string, { share: ShareRecord | null; passwordOk?: boolean; termsOk?: boolean }> = {
  active: { share: share() },
  unknown: { share: null },
  expired: { share: share({ expiresAt: NOW }) },
  'views used up': { share: share({ views: 10 }) },
  'downloads used up': { share: share({ downloads: 5 }) },
  revoked: { share: share({ revokedAt: NOW - 1 }) },
  'password missing': { share: share({ hasPassword: true }), passwordOk: false },
  'password given': { share: share({ hasPassword: true }), passwordOk: true },
  'terms not accepted': { share: share({ terms: 'No resale' }), termsOk: false },
  'view-only': { share: share({ viewOnly: true }) },
};
const ROUTES: ShareRoute[] = ['page', 'image', 'download', 'password', 'terms'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];

/** What may be served, written independently of policy.ts: the rules of the issue, one by one. */
function expected(state: string, route: ShareRoute, method: string): string {
  if (['unknown', 'expired', 'views used up', 'revoked'].includes(state)) return 'gone';
  const readMethods = route === 'password' || route === 'terms' ? ['POST'] : ['GET', 'HEAD'];
  if (!readMethods.includes(method)) return 'method';
  if (route === 'password') return state.startsWith('password') ? 'allow:-' : 'forbidden';
  if (route === 'terms') return state === 'terms not accepted' ? 'allow:-' : 'forbidden';
  if (route === 'page') return 'allow:-';
  if (state === 'password missing' || state === 'terms not accepted') return 'forbidden';
  const count = method === 'HEAD' ? '-' : route === 'image' ? 'view' : 'download';
  if (route === 'download' && (state === 'view-only' || state === 'downloads used up')) return 'gone';
  return `allow:${count}`;
}

describe('share policy: state × route × method', () => {
  for (const [state, s] of Object.entries(STATES)) {
    for (const route of ROUTES) {
      for (const method of METHODS) {
        it(`${state} · ${route} · ${method}`, () => {
          const request: PolicyRequest = { route, method, passwordOk: s.passwordOk ?? true, termsOk: s.termsOk ?? true, isBot: false, position: 1 };
          const d = decide(s.share, request, NOW);
          expect(d.allow ? `allow:${d.count ?? '-'}` : d.answer).toBe(expected(state, route, method));
        });
      }
    }
  }

  it('expiry holds to the millisecond: the last moment before it works, the deadline does not', () => {
    const s = share({ expiresAt: NOW });
    const get = { route: 'image' as const, method: 'GET', passwordOk: true, termsOk: true, isBot: false, position: 1 };
    expect(decide(s, get, NOW - 1)).toMatchObject({ allow: true, count: 'view' });
    expect(decide(s, get, NOW)).toMatchObject({ allow: false, reason: 'expired', answer: 'gone' });
  });

  it('preview bots get the page without images and are refused the image routes; nothing counts', () => {
    for (const route of ['image', 'download'] as const) {
      expect(decide(share(), { route, method: 'GET', passwordOk: true, termsOk: true, isBot: true, position: 1 }, NOW)).toMatchObject({ allow: false, reason: 'preview-bot' });
    }
    expect(decide(share(), { route: 'page', method: 'GET', passwordOk: true, termsOk: true, isBot: true }, NOW)).toEqual({ allow: true, count: null, page: 'bot' });
  });

  it('an image position the share does not hold is the same answer as an unknown token', () => {
    const missing = decide(share(), { route: 'image', method: 'GET', passwordOk: true, termsOk: true, isBot: false, position: 2 }, NOW);
    expect(missing).toEqual(decide(null, { route: 'image', method: 'GET', passwordOk: true, termsOk: true, isBot: false, position: 1 }, NOW));
    expect(missing).toEqual({ allow: false, reason: 'unknown', answer: 'gone' });
  });

  it('the page shows the password form, then the terms, then the images', () => {
    const s = share({ hasPassword: true, terms: 'Terms' });
    const page = (passwordOk: boolean, termsOk: boolean) => decide(s, { route: 'page', method: 'GET', passwordOk, termsOk, isBot: false }, NOW);
    expect(page(false, false)).toMatchObject({ page: 'password', count: null });
    expect(page(true, false)).toMatchObject({ page: 'terms', count: null });
    expect(page(true, true)).toMatchObject({ page: 'images', count: null });
  });
});
