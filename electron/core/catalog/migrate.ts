import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StrongroomError } from '../errors';

/** One schema step: SQL, or a function for steps SQL alone cannot express. Never edited once released. */
export interface Migration {
  version: number;
  name: string;
  sql?: string;
  up?: (db: Database) => void;
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every pending migration in one transaction, so a crash leaves the catalog at the old version
 * or the new one, never between. A catalog written by a newer Strongroom is refused rather than read
 * with assumptions that no longer hold.
 */
export function migrate(db: Database, migrations: readonly Migration[], target = migrations.length): MigrationResult {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const from = schemaVersion(db);
  if (from > migrations.length) {
    throw new StrongroomError(
      'CATALOG_FROM_FUTURE',
      `the catalog has schema version ${from}, newer than this Strongroom knows (${migrations.length}); update Strongroom to open it`,
    );
  }
  const pending = migrations.filter((m) => m.version > from && m.version <= target);
  if (pending.length === 0) return { from, to: from, applied: [] };
  db.transaction(() => {
    for (const m of pending) {
      if (m.sql) db.exec(m.sql);
      m.up?.(db);
    }
    db.pragma(`user_version = ${pending[pending.length - 1]!.version}`);
  }).immediate();
  return { from, to: schemaVersion(db), applied: pending.map((m) => m.name) };
}
