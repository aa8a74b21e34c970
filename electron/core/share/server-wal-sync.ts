import type { Database } from 'better-sqlite3-multiple-ciphers';
import { openSync, closeSync, fsync, fstatSync, statSync } from 'node:fs';

/**
 * Makes the share server's commits durable without holding up the event loop. The server commits its
 * counts and log rows with `synchronous = NORMAL` (written to the WAL, in the OS's cache: an app crash
 * loses nothing), answers, and then fsyncs the WAL file from libuv's thread pool, at most one fsync
 * in flight and one queued behind it, however many commits came in between. A power cut can thus lose
 * the counts of the last few milliseconds; with FULL, every request would wait on a synchronous fsync
 * (a millisecond on a quiet disk, ten under load) and stall every other request meanwhile.
 *
 * fsync applies to the file, not the descriptor, so syncing our own descriptor of the WAL is what
 * SQLite's FULL would do at commit. If the WAL cannot be opened (not WAL mode, read-only, in memory),
 * `available` is false and the caller keeps FULL.
 */
export class WalSync {
  private fd: number | null = null;
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private readonly path: string;
  private checkedAt = -Infinity;

  constructor(db: Database) {
    this.path = `${db.name}-wal`;
    const mode = db.memory || db.readonly ? '' : String(db.pragma('journal_mode', { simple: true }));
    if (mode.toLowerCase() === 'wal') {
      try {
        this.fd = openSync(this.path, 'r+');
      } catch {
        this.fd = null;
      }
    }
  }

  get available(): boolean {
    return this.fd !== null;
  }

  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.run().finally(() => {
        this.inFlight = null;
      });
      return this.inFlight;
    }
    // The fsync in flight may have started before this commit: one more after it covers every later commit.
    this.queued ??= this.inFlight.then(
      () => this.next(),
      () => this.next(),
    );
    return this.queued;
  }

  private next(): Promise<void> {
    this.queued = null;
    return this.sync();
  }

  private run(): Promise<void> {
    const fd = this.descriptor();
    if (fd === null) return Promise.resolve();
    return new Promise((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
  }

  /** Our descriptor, reopened if SQLite replaced the WAL file (a new inode) since; checked at most once a second. */
  private descriptor(): number | null {
    if (this.fd === null) return null;
    const at = performance.now();
    if (at - this.checkedAt < 1000) return this.fd;
    this.checkedAt = at;
    try {
      if (statSync(this.path).ino !== fstatSync(this.fd).ino) {
        closeSync(this.fd);
        this.fd = openSync(this.path, 'r+');
      }
    } catch {
      // The WAL is gone (the last connection closed it and checkpointed): nothing left to sync.
      return null;
    }
    return this.fd;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
