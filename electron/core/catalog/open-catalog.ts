import Database, { type Database as DB } from 'better-sqlite3-multiple-ciphers';
import { closeSync, existsSync, openSync, readSync, writeFileSync } from 'node:fs';
import { StrongroomError } from '../errors';
import { migrate } from './migrate';
import { migrations } from './migrations/index';

/** 64 MiB of decrypted pages, in memory only. */
const CACHE_KIB = 64 * 1024;
const PLAIN_SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function startsWithPlainSqliteMagic(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return n === 16 && head.equals(PLAIN_SQLITE_MAGIC);
  } finally {
    closeSync(fd);
  }
}

export interface OpenCatalogOptions {
  create?: boolean;
  /** For migration tests: stop at this schema version. */
  targetVersion?: number;
  readonly?: boolean;
}

/**
 * Opens the SQLCipher catalog with the raw 256-bit catalog key (no passphrase KDF: the key is already
 * uniformly random). WAL with synchronous=FULL: a committed ingest survives a power cut, at the cost of
 * one fsync per transaction, which ingest amortises against its blob writes. Temporary tables and
 * sort spills stay in memory so no plaintext scratch file is ever written.
 */
export function openCatalog(file: string, key: Buffer, options: OpenCatalogOptions = {}): DB {
  const exists = existsSync(file);
  if (!exists && !options.create) {
    throw new StrongroomError('VAULT_NOT_FOUND', `the catalog ${file} is missing; the vault is incomplete`);
  }
  if (exists && startsWithPlainSqliteMagic(file)) {
    throw new StrongroomError('CATALOG_UNENCRYPTED', `refusing to open ${file}: it is an unencrypted SQLite database`);
  }
  if (key.length !== 32) throw new RangeError('catalog key must be 32 bytes');
  // SQLite gives its -wal and -shm files the main file's mode, so creating it 0600 covers all three.
  if (!exists) writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
  const db = new Database(file, { fileMustExist: true, readonly: options.readonly ?? false });
  try {
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (err) {
      throw new StrongroomError('CATALOG_WRONG_KEY', 'the catalog could not be decrypted with this vault key (wrong key or damaged file)', {
        cause: err,
      });
    }
    db.pragma('temp_store = MEMORY');
    // Pages are decrypted on every read that misses the cache; at the default 2 MiB, lists and searches
    // over a large library spend most of their time re-decrypting the same pages.
    db.pragma(`cache_size = -${CACHE_KIB}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    if (!options.readonly) migrate(db, migrations, options.targetVersion);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
