import type { Database, Transaction } from 'better-sqlite3-multiple-ciphers';
import { logAccessMany, type AccessRecord } from './access-log';
import { WalSync } from './server-wal-sync';
import { countAccess, countAccessMany } from './share-rows';
import { preparedStatement } from '../catalog/statement-cache';

interface PendingCount {
  shareId: string;
  kind: 'view' | 'download';
  now: number;
  /** Logged with the count: as it is when counted, as `denied` with `deniedReason` when not. */
  record: AccessRecord;
  deniedReason: string;
  resolve(counted: boolean): void;
  reject(err: unknown): void;
}

interface QueuedRow {
  record: AccessRecord;
  at: number;
}

type WriteAll = (counts: readonly PendingCount[], logs: readonly QueuedRow[], counted: boolean[]) => number;

/**
 * The share server's writes, grouped: every count asked for and every log row queued during one turn
 * of the event loop are written in one transaction just after it, then made durable by an fsync off
 * the event loop (server-wal-sync.ts). A synchronous fsync per request (the catalog's usual FULL)
 * would cap the server near a thousand requests a second and stall every request during each one.
 *
 * Counting stays exact: each count is still its own `UPDATE … WHERE views < max_views … RETURNING`,
 * run one after another inside the transaction, and its request waits for the commit before anything
 * is served. Log rows are written after the answers they describe have been sent, so an answer about a
 * known link (logged) takes no longer than one about an unknown link (not logged).
 */
export class ShareWriteQueue {
  private counts: PendingCount[] = [];
  private logs: QueuedRow[] = [];
  private scheduled = false;
  private readonly wal: WalSync;
  /** Commits made and counts they carried since start (the bench prints counts per commit). */
  readonly stats = { commits: 0, counts: 0 };
  /** Made once: better-sqlite3 builds five wrapper functions on every call of `db.transaction`. */
  private readonly writeAll: Transaction<WriteAll>;

  constructor(
    private readonly db: Database,
    private readonly report: (message: string) => void,
  ) {
    this.wal = new WalSync(db);
    this.writeAll = db.transaction<WriteAll>((counts, logs, counted) => writeAll(db, counts, logs, counted));
  }

  /**
   * Resolves true when counted, false when a limit, a revoke or the expiry got there first. The
   * request's log row goes in the same transaction (the request waits for that commit anyway).
   */
  count(shareId: string, kind: 'view' | 'download', now: number, record: AccessRecord, deniedReason: string): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.counts.push({ shareId, kind, now, record, deniedReason, resolve, reject });
      this.schedule();
    });
  }

  log(record: AccessRecord, at: number): void {
    this.logs.push({ record, at });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Writes everything queued now (the server does it after each turn; tests and close call it). */
  flush(): void {
    if (this.counts.length === 0 && this.logs.length === 0) return;
    const counts = this.counts;
    const logs = this.logs;
    this.counts = [];
    this.logs = [];
    const counted: boolean[] = new Array<boolean>(counts.length).fill(false);
    let unlogged = 0;
    // NORMAL for this transaction only (the connection may be the app's own): the fsync follows below.
    const deferSync = this.wal.available && !this.db.inTransaction;
    if (deferSync) preparedStatement(this.db, 'PRAGMA synchronous = NORMAL').run();
    try {
      unlogged = this.writeAll.immediate(counts, logs, counted);
      this.stats.commits += 1;
      this.stats.counts += counts.length;
    } catch (err) {
      // Nothing was counted: those requests fail (500) and serve nothing.
      for (const c of counts) c.reject(err);
      this.report(`the access log and counts could not be written: ${err instanceof Error ? err.message : String(err)}`);
      return;
    } finally {
      if (deferSync) preparedStatement(this.db, 'PRAGMA synchronous = FULL').run();
    }
    if (deferSync) this.wal.sync().catch((err: unknown) => this.report(`the catalog's log could not be synced to disk: ${err instanceof Error ? err.message : String(err)}`));
    for (let i = 0; i < counts.length; i += 1) counts[i]!.resolve(counted[i]!);
    if (unlogged > 0) this.report(`${unlogged} access-log rows were not written (their share was deleted)`);
  }

  /** Writes what is queued, waits for it to be on disk, and lets go of the WAL. */
  async close(): Promise<void> {
    this.flush();
    await this.wal.sync().catch(() => undefined);
    this.wal.close();
  }
}

/** One commit: the counts (into `counted`, in order), then every log row. Returns the rows left out. */
function writeAll(db: Database, counts: readonly PendingCount[], logs: readonly QueuedRow[], counted: boolean[]): number {
  countAll(db, counts, counted);
  // Counted requests' rows first (each as it turned out), then the queued ones.
  const rows: QueuedRow[] = new Array<QueuedRow>(counts.length + logs.length);
  for (let i = 0; i < counts.length; i += 1) {
    const c = counts[i]!;
    rows[i] = { record: counted[i] ? c.record : { ...c.record, event: 'denied', reason: c.deniedReason }, at: c.now };
  }
  for (let i = 0; i < logs.length; i += 1) rows[counts.length + i] = logs[i]!;
  // A row for a share deleted meanwhile fails its foreign key; it must not undo the counts.
  return logAccessMany(db, rows);
}

/**
 * One statement per share and kind when all of that group's counts fit (the usual case: under load a
 * turn's counts are mostly one link's), else one exact `UPDATE … RETURNING` per request, which serves
 * exactly as many as fit.
 */
function countAll(db: Database, counts: readonly PendingCount[], counted: boolean[]): void {
  const first = counts[0];
  if (!first) return;
  // The common case, without a Map and its string keys: every count of the turn for one share and kind.
  if (counts.every((c) => c.shareId === first.shareId && c.kind === first.kind)) {
    countGroup(db, counts, counts.map((_, i) => i), counted);
    return;
  }
  const groups = new Map<string, number[]>();
  for (let i = 0; i < counts.length; i += 1) {
    const key = `${counts[i]!.kind}\n${counts[i]!.shareId}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  for (const group of groups.values()) countGroup(db, counts, group, counted);
}

function countGroup(db: Database, counts: readonly PendingCount[], group: readonly number[], counted: boolean[]): void {
  const { shareId, kind } = counts[group[0]!]!;
  let latest = -Infinity;
  for (const i of group) latest = Math.max(latest, counts[i]!.now);
  if (group.length > 1 && countAccessMany(db, shareId, kind, group.length, latest)) {
    for (const i of group) counted[i] = true;
  } else {
    for (const i of group) counted[i] = countAccess(db, shareId, kind, counts[i]!.now);
  }
}
