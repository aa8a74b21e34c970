import type { Database } from 'better-sqlite3-multiple-ciphers';
import { isIP } from 'node:net';
import { captureOp } from '../sync/ops/capture';
import { accessEntryId, MAX_ACCESS_ENTRIES, type OpOf } from '../sync/ops/op-schemas';
import { preparedStatement } from '../catalog/statement-cache';

export type AccessEvent = 'page' | 'view' | 'download' | 'wrong_password' | 'password_accepted' | 'terms_accepted' | 'denied';

export interface AccessRecord {
  shareId: string;
  event: AccessEvent;
  reason?: string | null;
  ip: string | null;
  userAgent: string | null;
  referrer: string | null;
}

const MAX_TEXT = 512;

/**
 * Recipients' addresses are personal data: kept only to the network (/24, /48) unless the owner asks
 * for whole addresses. IPv4-mapped IPv6 addresses are treated as the IPv4 address they carry.
 */
export function truncateIp(ip: string | undefined, keepWhole = false): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1]! : ip;
  const version = isIP(address);
  if (version === 0) return null;
  if (keepWhole) return address;
  if (version === 4) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  return `${expandIpv6(address).slice(0, 3).join(':')}::/48`;
}

function expandIpv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('::');
  const a = head ? head.split(':') : [];
  const b = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...a, ...Array<string>(8 - a.length - b.length).fill('0'), ...b] : a;
  return groups.map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? g.toLowerCase().replace(/^0+(?=.)/, '') : '0'));
}

const clip = (s: string | null | undefined) => (s ? s.slice(0, MAX_TEXT) : null);

/** Referrers can carry a whole URL with secrets of someone else's; only the origin is kept. */
function referrerOrigin(referrer: string | null): string | null {
  if (!referrer) return null;
  try {
    return new URL(referrer).origin;
  } catch {
    return null;
  }
}

const INSERT = 'INSERT INTO share_access_log (at, share_id, event, reason, ip, user_agent, referrer, op_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

type LoggedEntry = Omit<OpOf<'share.accesses'>['entries'][number], 'at'>;

/** What the log keeps of a request: the user agent clipped, the referrer cut to its origin. */
function loggedEntry(record: AccessRecord): LoggedEntry {
  return {
    event: record.event,
    reason: record.reason ?? null,
    ip: record.ip,
    userAgent: clip(record.userAgent),
    referrer: clip(referrerOrigin(record.referrer)),
  };
}

/** One row and its op (the log syncs: teammates see who opened the links; each row is its op, so never doubled). */
function writeRow(db: Database, record: AccessRecord, now: number): void {
  const e = loggedEntry(record);
  const op = captureOp(db, { kind: 'share.access', at: now, shareId: record.shareId, ...e });
  preparedStatement(db, INSERT).run(now, record.shareId, e.event, e.reason, e.ip, e.userAgent, e.referrer, op?.id ?? null);
}

/**
 * Rows of one share, one op for up to MAX_ACCESS_ENTRIES of them: the server's commits carry a row per
 * request, and an op each (a clock tick, an op-log row, an outbox row) cost more than the rows did.
 * Each row's op_id names its entry, so a receiving device writes the same rows (materialize-shares.ts).
 */
function writeRowsOfShare(db: Database, shareId: string, rows: readonly { record: AccessRecord; at: number }[]): void {
  for (let from = 0; from < rows.length; from += MAX_ACCESS_ENTRIES) {
    const count = Math.min(MAX_ACCESS_ENTRIES, rows.length - from);
    const entries: OpOf<'share.accesses'>['entries'] = new Array(count);
    for (let i = 0; i < count; i += 1) {
      const r = rows[from + i]!;
      entries[i] = { at: r.at, ...loggedEntry(r.record) };
    }
    const op = captureOp(db, { kind: 'share.accesses', at: entries[0]!.at, shareId, entries });
    // Rows in statements of 32, 16, 8, 4, 2 and 1 rows (six shapes in the statement cache), their values in one flat
    // array built straight from the entries: a statement per row cost a sixth more of the server's commit.
    for (let at = 0; at < count; ) {
      const n = ROWS_PER_STATEMENT.find((size) => size <= count - at)!;
      const values: unknown[] = new Array(n * 8);
      for (let i = 0, v = 0; i < n; i += 1, v += 8) {
        const e = entries[at + i]!;
        values[v] = e.at;
        values[v + 1] = shareId;
        values[v + 2] = e.event;
        values[v + 3] = e.reason;
        values[v + 4] = e.ip;
        values[v + 5] = e.userAgent;
        values[v + 6] = e.referrer;
        values[v + 7] = op ? accessEntryId(op.id, at + i) : null;
      }
      preparedStatement(db, insertRows(n)).run(values);
      at += n;
    }
  }
}

const ROWS_PER_STATEMENT = [32, 16, 8, 4, 2, 1] as const;
const INSERT_ROWS = new Map(ROWS_PER_STATEMENT.map((n) => [n, `${INSERT}${', (?, ?, ?, ?, ?, ?, ?, ?)'.repeat(n - 1)}`]));
const insertRows = (n: number) => INSERT_ROWS.get(n as (typeof ROWS_PER_STATEMENT)[number])!;

export function logAccess(db: Database, record: AccessRecord, now: number): void {
  if (db.inTransaction) writeRow(db, record, now);
  else db.transaction(writeRow)(db, record, now);
}

/**
 * Many rows (the share server writes one per request), inside the caller's transaction, in order within
 * each share. A row whose share was deleted meanwhile would break its foreign key after its op was
 * captured, so such rows are left out up front (nothing else writes during our transaction). Returns
 * how many were left out.
 */
export function logAccessMany(db: Database, rows: readonly { record: AccessRecord; at: number }[]): number {
  if (!db.inTransaction) throw new Error('logAccessMany runs inside the caller\'s transaction');
  const exists = preparedStatement(db, 'SELECT 1 FROM shares WHERE id = ?');
  const byShare = new Map<string, { record: AccessRecord; at: number }[]>();
  for (const r of rows) {
    const list = byShare.get(r.record.shareId);
    if (list) list.push(r);
    else byShare.set(r.record.shareId, [r]);
  }
  let lost = 0;
  for (const [shareId, list] of byShare) {
    if (exists.get(shareId) === undefined) lost += list.length;
    else writeRowsOfShare(db, shareId, list);
  }
  return lost;
}

export interface AccessLogEntry {
  at: number;
  event: AccessEvent;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  referrer: string | null;
}

export function listAccessLog(db: Database, shareId: string): AccessLogEntry[] {
  return db
    .prepare('SELECT at, event, reason, ip, user_agent AS userAgent, referrer FROM share_access_log WHERE share_id = ? ORDER BY at, id')
    .all(shareId) as AccessLogEntry[];
}
