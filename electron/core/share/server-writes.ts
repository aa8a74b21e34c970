import type { Database } from 'better-sqlite3-multiple-ciphers';
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
  private logs: { record: AccessRecord; at: number }[] = [];
  private scheduled = false;
  private readonly wal: WalSync;

  constructor(
    private readonly db: Database,
    private readonly report: (message: string) => void,
  ) {
    this.wal = new WalSync(db);
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
    const results = new Map<PendingCount, boolean>();
    let unlogged = 0;
    // NORMAL for this transaction only (the connection may be the app's own): the fsync follows below.
    const deferSync = this.wal.available && !this.db.inTransaction;
    if (deferSync) preparedStatement(this.db, 'PRAGMA synchronous = NORMAL').run();
    try {
      this.db.transaction(() => {
        // One statement per share and kind when every count fits (the usual case); else one per request.
        const groups = new Map<string, PendingCount[]>();
        for (const c of counts) {
          const key = `${c.kind}\n${c.shareId}`;
          const group = groups.get(key);
          if (group) group.push(c);
          else groups.set(key, [c]);
        }
        for (const group of groups.values()) {
          const { shareId, kind } = group[0]!;
          const latest = Math.max(...group.map((c) => c.now));
          if (group.length > 1 && countAccessMany(this.db, shareId, kind, group.length, latest)) {
            for (const c of group) results.set(c, true);
          } else {
            for (const c of group) results.set(c, countAccess(this.db, c.shareId, c.kind, c.now));
          }
        }
        const rows = counts.map((c) => ({ record: results.get(c) ? c.record : { ...c.record, event: 'denied' as const, reason: c.deniedReason }, at: c.now }));
        // A row for a share deleted meanwhile fails its foreign key; it must not undo the counts.
        unlogged = logAccessMany(this.db, [...rows, ...logs]);
      }).immediate();
    } catch (err) {
      // Nothing was counted: those requests fail (500) and serve nothing.
      for (const c of counts) c.reject(err);
      this.report(`the access log and counts could not be written: ${err instanceof Error ? err.message : String(err)}`);
      return;
    } finally {
      if (deferSync) preparedStatement(this.db, 'PRAGMA synchronous = FULL').run();
    }
    if (deferSync) this.wal.sync().catch((err: unknown) => this.report(`the catalog's log could not be synced to disk: ${err instanceof Error ? err.message : String(err)}`));
    for (const c of counts) c.resolve(results.get(c) === true);
    if (unlogged > 0) this.report(`${unlogged} access-log rows were not written (their share was deleted)`);
  }

  /** Writes what is queued, waits for it to be on disk, and lets go of the WAL. */
  async close(): Promise<void> {
    this.flush();
    await this.wal.sync().catch(() => undefined);
    this.wal.close();
  }
}
