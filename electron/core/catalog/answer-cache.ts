import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from './statement-cache';

/**
 * Answers to read-only catalog queries (a page of the grid, a count), kept per connection for as long
 * as the catalog has not changed. Typing a search asks the same questions again: "SKU" and "SKU-",
 * "sage" and "sage " are one full-text query, a back-space returns to the previous one, and every page
 * of a result recounts it (the count of a one- or two-letter prefix over 100,000 assets costs 8-17 ms).
 *
 * The catalog's version is SQLite's own change counters: total_changes() moves with every row this
 * connection inserts, updates or deletes (triggers and the search index included), and PRAGMA
 * data_version moves when any other connection commits. An answer is reused only under the version it
 * was read at, so an edit, an import, a delete or a tag change is in the next answer whatever made it.
 *
 * Answers are shared objects: callers must not change them.
 */
export interface AnswerCache {
  /** The answer to `key` under the version the cache was opened at, computed if not known yet. */
  get<T>(key: string, compute: () => T): T;
  /** Whether the catalog is still at that version (nothing committed meanwhile). */
  unchanged(): boolean;
}

/** Enough for the prefixes of a few searches and their pages; answers are a page of summaries at most. */
const MAX_ANSWERS = 64;

interface Entries {
  version: string;
  answers: Map<string, unknown>;
}

const byConnection = new WeakMap<Database, Entries>();

function catalogVersion(db: Database): string {
  const own = preparedStatement(db, 'SELECT total_changes()').pluck().get() as number;
  const others = db.pragma('data_version', { simple: true }) as number;
  return `${others}:${own}`;
}

/**
 * The cache for the catalog as it is now, or null inside a transaction: changes not committed yet
 * (and maybe rolled back) must not be remembered, nor hide from the transaction that made them.
 * Open it before the transaction that reads the answers, so the version it holds is never newer
 * than what they were read from.
 */
export function openAnswerCache(db: Database): AnswerCache | null {
  if (db.inTransaction) return null;
  const version = catalogVersion(db);
  let entries = byConnection.get(db);
  if (!entries || entries.version !== version) {
    entries = { version, answers: new Map() };
    byConnection.set(db, entries);
  }
  const { answers } = entries;
  return {
    get<T>(key: string, compute: () => T): T {
      if (answers.has(key)) {
        const answer = answers.get(key) as T;
        // Most recently used last, so the oldest question goes first when the cache is full.
        answers.delete(key);
        answers.set(key, answer);
        return answer;
      }
      const answer = compute();
      if (answers.size >= MAX_ANSWERS) answers.delete(answers.keys().next().value as string);
      answers.set(key, answer);
      return answer;
    },
    unchanged: () => !db.inTransaction && catalogVersion(db) === version,
  };
}
