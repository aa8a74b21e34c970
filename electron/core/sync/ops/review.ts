import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';

export type ReviewKind = 'sibling-version' | 'duplicate-version' | 'edited-after-delete' | 'delete-blocked-by-share';

/**
 * What a merge decided that a person should look at (conflicts are never silent). Recomputed from merge
 * state each time the target is materialised, so every device lists the same items.
 */
export function setReview(db: Database, target: string, kind: ReviewKind, details: readonly string[]): void {
  preparedStatement(db, 'DELETE FROM sync_review WHERE target = ? AND kind = ?').run(target, kind);
  const insert = preparedStatement(db, 'INSERT OR IGNORE INTO sync_review (target, kind, detail) VALUES (?, ?, ?)');
  for (const d of details) insert.run(target, kind, d);
}

export interface ReviewItem {
  target: string;
  kind: ReviewKind;
  detail: string;
}

export function listReview(db: Database): ReviewItem[] {
  return preparedStatement(db, 'SELECT target, kind, detail FROM sync_review ORDER BY target, kind, detail').all() as ReviewItem[];
}
