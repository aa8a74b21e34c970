import { describe, expect, it } from 'vitest';
import { truncateIp } from '../../electron/core/share/access-log';
import { isPreviewBot } from '../../electron/core/share/bots';
import { SlidingLimiter } from '../../electron/core/share/server-limits';
import { parseRoute } from '../../electron/core/share/server-routes';
import { isShareTokenShape, newShareToken } from '../../electron/core/share/token';

describe('share server parts', () => {
  it('truncates addresses to /24 and /48 unless asked to keep them', () => {
    expect(truncateIp('203.0.113.77')).toBe('203.0.113.0/24');
    expect(truncateIp('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
    expect(truncateIp('2001:db8:abcd:12:1:2:3:4')).toBe('2001:db8:abcd::/48');
    expect(truncateIp('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(truncateIp('::1')).toBe('0:0:0::/48');
    expect(truncateIp('203.0.113.77', true)).toBe('203.0.113.77');
    expect(truncateIp('not an ip')).toBeNull();
    expect(truncateIp(undefined)).toBeNull();
  });

  it('recognises link-preview bots and not browsers', () => {
    for (const ua of ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', 'Slackbot-LinkExpanding 1.0', 'Twitterbot/1.0', 'Discordbot/2.0', 'WhatsApp/2.19.81 A', 'TelegramBot (like TwitterBot)', 'LinkedInBot/1.0 (compatible; Mozilla/5.0)']) {
      expect(isPreviewBot(ua), ua).toBe(true);
    }
    for (const ua of ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Version/17.4 Mobile/15E148 Safari/604.1', undefined, '']) {
      expect(isPreviewBot(ua), String(ua)).toBe(false);
    }
  });

  it('limits within a sliding window and says when to retry', () => {
    const limiter = new SlidingLimiter(3, 60_000);
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.retryAfter('a', 1000 + i)).toBe(0);
      limiter.hit('a', 1000 + i);
    }
    expect(limiter.retryAfter('a', 1003)).toBe(60);
    expect(limiter.retryAfter('b', 1003)).toBe(0);
    expect(limiter.retryAfter('a', 61_001)).toBe(0);
  });

  it('maps only the link routes and two fixed files; no path reaches a file', () => {
    const t = newShareToken();
    expect(parseRoute(`/s/${t}`)).toMatchObject({ kind: 'share', route: 'page', token: t, base: `/s/${t}/` });
    expect(parseRoute(`/s/${t}/`)).toMatchObject({ kind: 'share', route: 'page' });
    expect(parseRoute(`/s/${t}/i/2?x=1`)).toMatchObject({ kind: 'share', route: 'image', position: 2 });
    expect(parseRoute(`/s/${t}/d/1`)).toMatchObject({ kind: 'share', route: 'download', position: 1 });
    expect(parseRoute(`/s/${t}/password`)).toMatchObject({ kind: 'share', route: 'password' });
    expect(parseRoute('/robots.txt')).toEqual({ kind: 'robots' });
    for (const p of ['/', '/s/', `/s/${t}/i/0`, `/s/${t}/i/../../x`, `/s/${t}/x`, '/favicon.ico', '/%2e%2e/catalog.db']) expect(parseRoute(p), p).toEqual({ kind: 'none' });
  });

  it('knows a token by its shape before any lookup', () => {
    expect(isShareTokenShape(newShareToken())).toBe(true);
    expect(isShareTokenShape('short')).toBe(false);
    expect(isShareTokenShape(`${newShareToken()}A`)).toBe(false);
  });
});
