import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Runs background catalog work (warming indexes, merging the search index) one short slice per
 * event-loop turn, so a call that arrives meanwhile waits for one slice at most. `slice` does one
 * step and says whether the work is done. Resolves when it is, when the connection closes (the vault
 * locks), or when a slice throws: background work only saves time later, and stopping costs nothing.
 * A slice never runs inside a transaction someone else has open on the connection: it waits a turn.
 */
export function runInSlices(db: Database, slice: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const step = () => {
      if (!db.open) return resolve();
      if (!db.inTransaction) {
        try {
          if (slice()) return resolve();
        } catch {
          return resolve();
        }
      }
      setImmediate(step);
    };
    setImmediate(step);
  });
}
