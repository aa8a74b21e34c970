import Database from 'better-sqlite3-multiple-ciphers';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenditionCache } from '../../electron/core/share/server-cache';
import { clientAddress, TrustedProxies } from '../../electron/core/share/server-client';
import { parseRange, RangeContinuations, type RangeScope } from '../../electron/core/share/server-ranges';
import { WalSync } from '../../electron/core/share/server-wal-sync';

const ETAG = '"0123456789abcdef0123456789abcdef"';

describe('share server: ranges', () => {
  it('parses one byte range, and ignores what it does not serve', () => {
    const size = 1000;
    expect(parseRange(undefined, undefined, ETAG, size)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=0-99', undefined, ETAG, size)).toEqual({ kind: 'range', start: 0, end: 99 });
    expect(parseRange('bytes=900-', undefined, ETAG, size)).toEqual({ kind: 'range', start: 900, end: 999 });
    expect(parseRange('bytes=900-5000', undefined, ETAG, size)).toEqual({ kind: 'range', start: 900, end: 999 });
    expect(parseRange('bytes=-100', undefined, ETAG, size)).toEqual({ kind: 'range', start: 900, end: 999 });
    expect(parseRange('bytes=-5000', undefined, ETAG, size)).toEqual({ kind: 'range', start: 0, end: 999 });
    expect(parseRange('bytes=1000-', undefined, ETAG, size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', undefined, ETAG, size)).toEqual({ kind: 'unsatisfiable' });
    // Several ranges, bad syntax, other units, reversed: the whole body (RFC 9110 lets a server ignore Range).
    for (const h of ['bytes=0-1,5-6', 'bytes=abc', 'items=0-1', 'bytes=5-1', 'bytes=-', 'bytes=0-99999999999999999']) {
      expect(parseRange(h, undefined, ETAG, size), h).toEqual({ kind: 'whole' });
    }
  });

  it('honours If-Range only with our exact strong ETag', () => {
    expect(parseRange('bytes=10-19', ETAG, ETAG, 100)).toEqual({ kind: 'range', start: 10, end: 19 });
    expect(parseRange('bytes=10-19', `W/${ETAG}`, ETAG, 100)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=10-19', '"other"', ETAG, 100)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=10-19', 'Wed, 21 Oct 2015 07:28:00 GMT', ETAG, 100)).toEqual({ kind: 'whole' });
  });

  it('pays ranges from a continuation: its own scope only, one copy of bytes, until it expires', () => {
    const c = new RangeContinuations(60_000);
    const scope: RangeScope = { route: 'image', shareId: 'share1', position: 1, etag: ETAG };
    const setCookie = c.grant(scope, 1000, '/s/T/i/1', 0);
    expect(setCookie).toMatch(/^sr_range=[\w-]+\.[0-9a-z]+\.[\w-]+; Path=\/s\/T\/i\/1; Max-Age=60; HttpOnly; SameSite=Lax$/);
    const cookie = setCookie.split(';')[0]!;
    for (const other of [{ ...scope, route: 'download' as const }, { ...scope, position: 2 }, { ...scope, shareId: 'share2' }, { ...scope, etag: '"x"' }]) {
      expect(c.take(cookie, other, 1, 1)).toBe(false);
    }
    expect(c.take(cookie, scope, 600, 1)).toBe(true);
    expect(c.take(cookie, scope, 401, 2)).toBe(false);
    expect(c.take(cookie, scope, 400, 3)).toBe(true);
    expect(c.take(cookie, scope, 1, 4)).toBe(false);
    const later = c.grant(scope, 1000, '/s/T/i/1', 0).split(';')[0]!;
    expect(c.take(later, scope, 1, 60_000)).toBe(false);
    // Forged or altered values are refused.
    const [name, value] = later.split('=') as [string, string];
    const [nonce, expiry, mac] = value.split('.') as [string, string, string];
    expect(c.take(`${name}=${nonce}.${(60_000_000).toString(36)}.${mac}`, scope, 1, 1)).toBe(false);
    expect(c.take(`${name}=${nonce}.${expiry}.${'A'.repeat(43)}`, scope, 1, 1)).toBe(false);
    expect(c.take(undefined, scope, 1, 1)).toBe(false);
  });
});

describe('share server: rendition cache', () => {
  it('evicts the least recently used by bytes, drops a share, and wipes on clear', () => {
    const cache = new RenditionCache(100);
    const a = Buffer.alloc(40, 1);
    cache.set('s1', 'a', a);
    cache.set('s1', 'b', Buffer.alloc(40, 2));
    expect(cache.get('s1', 'a')?.data).toBe(a);
    cache.set('s2', 'c', Buffer.alloc(40, 3));
    expect(cache.get('s1', 'b')).toBeUndefined();
    expect(cache.size).toBe(80);
    cache.set('s2', 'huge', Buffer.alloc(101));
    expect(cache.get('s2', 'huge')).toBeUndefined();
    expect(cache.shareIds().sort()).toEqual(['s1', 's2']);
    cache.dropShare('s1');
    expect(cache.get('s1', 'a')).toBeUndefined();
    expect(cache.shareIds()).toEqual(['s2']);
    // The most recent entry (answered without touching the map) goes with its share, and on clear.
    cache.set('s1', 'a', a);
    expect(cache.get('s1', 'a')?.data).toBe(a);
    cache.dropShare('s1');
    expect(cache.get('s1', 'a')).toBeUndefined();
    cache.set('s1', 'a', a);
    expect(cache.get('s1', 'a')?.data).toBe(a);
    cache.clear();
    expect(cache.get('s1', 'a')).toBeUndefined();
    expect(a.every((b) => b === 0)).toBe(true);
    expect(cache.size).toBe(0);
  });

  it('keeps least-recently-used order when the latest entry is asked for again', () => {
    const cache = new RenditionCache(100);
    cache.set('s', 'a', Buffer.alloc(40));
    cache.set('s', 'b', Buffer.alloc(40));
    expect(cache.get('s', 'a')).toBeDefined();
    expect(cache.get('s', 'a')).toBeDefined();
    // b is now the oldest: the next entry pushes it out, not a.
    cache.set('s', 'c', Buffer.alloc(40));
    expect(cache.get('s', 'b')).toBeUndefined();
    expect(cache.get('s', 'a')).toBeDefined();
  });
});

describe('share server: client address', () => {
  const headers = (h: Record<string, string>) => h;
  it('ignores forwarding headers unless the peer is a trusted proxy', () => {
    const none = new TrustedProxies();
    expect(clientAddress('203.0.113.9', headers({ 'x-forwarded-for': '198.51.100.1' }), none)).toBe('203.0.113.9');
    const local = new TrustedProxies(['127.0.0.1']);
    expect(clientAddress('203.0.113.9', headers({ 'x-forwarded-for': '198.51.100.1' }), local)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:127.0.0.1', headers({ 'x-forwarded-for': '198.51.100.1' }), local)).toBe('198.51.100.1');
    expect(clientAddress('127.0.0.1', headers({}), local)).toBe('127.0.0.1');
  });

  it('takes the nearest untrusted hop, so a client cannot pick its own address', () => {
    const proxies = new TrustedProxies(['127.0.0.1', '10.0.0.0/8']);
    // The client wrote "1.2.3.4" itself; the proxies appended what they saw.
    expect(clientAddress('127.0.0.1', headers({ 'x-forwarded-for': '1.2.3.4, 198.51.100.7, 10.0.0.2' }), proxies)).toBe('198.51.100.7');
    expect(clientAddress('127.0.0.1', headers({ 'x-forwarded-for': '10.1.1.1, 10.0.0.2' }), proxies)).toBe('10.1.1.1');
    expect(clientAddress('127.0.0.1', headers({ 'x-forwarded-for': 'garbage, 10.0.0.2' }), proxies)).toBe('10.0.0.2');
    expect(clientAddress('127.0.0.1', headers({ forwarded: 'for=192.0.2.60;proto=http;by=203.0.113.43' }), proxies)).toBe('192.0.2.60');
    expect(clientAddress('127.0.0.1', headers({ forwarded: 'for="[2001:db8:cafe::17]:4711", for=10.0.0.3' }), proxies)).toBe('2001:db8:cafe::17');
    expect(clientAddress('127.0.0.1', headers({ forwarded: 'for=unknown' }), proxies)).toBe('127.0.0.1');
    // Forwarded wins over X-Forwarded-For when a proxy sends both.
    expect(clientAddress('127.0.0.1', headers({ forwarded: 'for=192.0.2.1', 'x-forwarded-for': '192.0.2.2' }), proxies)).toBe('192.0.2.1');
  });

  it('refuses proxy entries that are not addresses or networks', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '1.2.3.4/8/9', '', '::1/abc']) expect(() => new TrustedProxies([bad]), bad).toThrow(/not an IP address/);
    expect(new TrustedProxies(['::1', 'fd00::/8', '192.168.0.0/16']).trusts('fd12::1')).toBe(true);
  });
});

describe('share server: WAL sync', () => {
  it('syncs a WAL catalog off the event loop, coalescing calls; stands aside for other journals', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'strongroom-walsync-'));
    const db = new Database(path.join(dir, 'c.db'));
    try {
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE t (v INTEGER)');
      const wal = new WalSync(db);
      expect(wal.available).toBe(true);
      db.prepare('INSERT INTO t VALUES (1)').run();
      // Three calls while one fsync is in flight: one more fsync covers the two later ones.
      const first = wal.sync();
      const [second, third] = [wal.sync(), wal.sync()];
      expect(second).toBe(third);
      await Promise.all([first, second, third]);
      wal.close();
      const memory = new Database(':memory:');
      expect(new WalSync(memory).available).toBe(false);
      memory.close();
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
