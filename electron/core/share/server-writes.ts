import type { Database } from 'better-sqlite3-multiple-ciphers';
import { logAccess, type AccessRecord } from './access-log';
import { WalSync } from './server-wal-sync';
import { countAccess } from './share-rows';
import { statement } from './statements';

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
    const results: boolean[] = [];
    let unlogged = 0;
    // NORMAL for this transaction only (the connection may be the app's own): the fsync follows below.
    const deferSync = this.wal.available && !this.db.inTransaction;
    if (deferSync) statement(this.db, 'PRAGMA synchronous = NORMAL').run();
    try {
      this.db.transaction(() => {
        // A row for a share deleted meanwhile fails its foreign key; it must not undo the counts.
        const logSafely = (record: AccessRecord, at: number) => {
          try {
            logAccess(this.db, record, at);
          } catch {
            unlogged += 1;
          }
        };
        for (const c of counts) {
          const counted = countAccess(this.db, c.shareId, c.kind, c.now);
          results.push(counted);
          logSafely(counted ? c.record : { ...c.record, event: 'denied', reason: c.deniedReason }, c.now);
        }
        for (const l of logs) logSafely(l.record, l.at);
      }).immediate();
    } catch (err) {
      // Nothing was counted: those requests fail (500) and serve nothing.
      for (const c of counts) c.reject(err);
      this.report(`the access log and counts could not be written: ${err instanceof Error ? err.message : String(err)}`);
      return;
    } finally {
      if (deferSync) statement(this.db, 'PRAGMA synchronous = FULL').run();
    }
    if (deferSync) this.wal.sync().catch((err: unknown) => this.report(`the catalog's log could not be synced to disk: ${err instanceof Error ? err.message : String(err)}`));
    counts.forEach((c, i) => c.resolve(results[i]!));
    if (unlogged > 0) this.report(`${unlogged} access-log rows were not written (their share was deleted)`);
  }

  /** Writes what is queued, waits for it to be on disk, and lets go of the WAL. */
  async close(): Promise<void> {
    this.flush();
    await this.wal.sync().catch(() => undefined);
    this.wal.close();
  }
}
