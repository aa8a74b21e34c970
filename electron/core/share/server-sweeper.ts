import type { Vault } from '../vault/vault';
import { removeEndedShareRenditions, type EndedShareCleanupReport } from './share-cleanup';
import { preparedStatement } from '../catalog/statement-cache';

export interface ShareCleanupOptions {
  /** How often ended shares' renditions are looked for (default hourly; the first run a minute after start). */
  intervalMs?: number;
  /** How long after a share ended its renditions are kept (default 7 days: time to extend it). */
  graceMs?: number;
}

/** What the server keeps in memory per share (cached renditions and assets). */
export interface ServerMemory {
  shareIds(): string[];
  forget(shareId: string): void;
}

export interface ShareSweepReport {
  /** Shares the server let go of from memory (ended or deleted). */
  sharesDroppedFromCache: number;
  /** The disk cleanup's report; null when cleanup is turned off. */
  cleanup: EndedShareCleanupReport | null;
}

const CACHE_SWEEP_MS = 60_000;
const FIRST_CLEANUP_MS = 60_000;

/**
 * The running server's housekeeping: every minute, what it caches of shares that ended or were
 * deleted is dropped (a request for them is denied anyway; this gives the memory back); every
 * interval, ended shares' renditions past the grace period are removed from disk, their records and
 * access logs kept (share-cleanup.ts). Timers are unref'd: they never keep the process alive.
 */
export class ShareSweeper {
  private readonly timers: NodeJS.Timeout[] = [];
  private running: Promise<ShareSweepReport> | null = null;

  constructor(
    private readonly vault: Pick<Vault, 'dir' | 'db'>,
    private readonly memory: ServerMemory,
    private readonly cleanup: ShareCleanupOptions | false,
    private readonly now: () => number,
    private readonly report: (message: string) => void,
  ) {}

  start(): void {
    const safely = (withCleanup: boolean) => () => {
      this.sweep(withCleanup).catch((err: unknown) => this.report(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`));
    };
    this.timers.push(setInterval(safely(false), CACHE_SWEEP_MS).unref());
    if (this.cleanup !== false) {
      const interval = this.cleanup.intervalMs ?? 3600_000;
      this.timers.push(setTimeout(safely(true), Math.min(FIRST_CLEANUP_MS, interval)).unref());
      this.timers.push(setInterval(safely(true), interval).unref());
    }
  }

  /** Drops ended shares from the cache and (unless turned off or `withCleanup` is false) cleans the disk. */
  sweep(withCleanup = true): Promise<ShareSweepReport> {
    // One run at a time: a slow disk must not stack cleanups.
    this.running ??= this.run(withCleanup).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(withCleanup: boolean): Promise<ShareSweepReport> {
    const at = this.now();
    const ended = this.memory.shareIds().filter((id) => {
      const row = preparedStatement(this.vault.db, 'SELECT revoked_at AS revokedAt, expires_at AS expiresAt FROM shares WHERE id = ?').get(id) as
        | { revokedAt: number | null; expiresAt: number | null }
        | undefined;
      return !row || row.revokedAt !== null || (row.expiresAt !== null && at >= row.expiresAt);
    });
    for (const id of ended) this.memory.forget(id);
    const cleanup = withCleanup && this.cleanup !== false ? await removeEndedShareRenditions(this.vault, { graceMs: this.cleanup.graceMs, now: at }) : null;
    if (cleanup && cleanup.shares > 0) this.report(`removed the renditions of ${cleanup.shares} ended share(s) (${cleanup.removedFiles} files)`);
    return { sharesDroppedFromCache: ended.length, cleanup };
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.length = 0;
  }
}
