import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../catalog/statement-cache';

export interface ShareActivity {
  /** Shares with new access-log entries (their counts may have changed). */
  changed: string[];
  /** Shares a person (not a link-preview bot) opened for the first time. */
  opened: { shareId: string; at: number; recipientName: string | null }[];
}

interface LogRow {
  id: number;
  shareId: string;
  event: string;
  reason: string | null;
  at: number;
}

const isPersonOpening = (row: Pick<LogRow, 'event' | 'reason'>) => row.event === 'page' && row.reason !== 'bot';

/**
 * Follows the access log the share server writes, to tell the app what happened: the server itself
 * (share/server*.ts) has no hooks, and reading new rows by their increasing id costs one indexed query
 * per tick. "First opened" is a share's first page request from a person: the password and terms
 * forms count (someone followed the link), a chat app's link preview does not.
 */
export class ShareActivityWatch {
  private lastId: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly onActivity: (activity: ShareActivity) => void,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.lastId = (db.prepare('SELECT max(id) FROM share_access_log').pluck().get() as number | null) ?? 0;
  }

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      try {
        this.poll();
      } catch (err) {
        this.log(`share activity: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads entries written since the last poll and reports them; returns what it reported (null: nothing new). */
  poll(): ShareActivity | null {
    const rows = preparedStatement(this.db, 'SELECT id, share_id AS shareId, event, reason, at FROM share_access_log WHERE id > ? ORDER BY id LIMIT 5000').all(
      this.lastId,
    ) as LogRow[];
    if (rows.length === 0) return null;
    this.lastId = rows[rows.length - 1]!.id;
    const firstOpening = this.db.prepare(
      `SELECT min(id) FROM share_access_log WHERE share_id = ? AND event = 'page' AND (reason IS NULL OR reason <> 'bot')`,
    );
    const recipient = this.db.prepare('SELECT recipient_name FROM shares WHERE id = ?');
    const opened = rows
      .filter((row) => isPersonOpening(row) && firstOpening.pluck().get(row.shareId) === row.id)
      .map((row) => ({ shareId: row.shareId, at: row.at, recipientName: (recipient.pluck().get(row.shareId) as string | null | undefined) ?? null }));
    const activity = { changed: [...new Set(rows.map((r) => r.shareId))], opened };
    this.onActivity(activity);
    return activity;
  }
}
