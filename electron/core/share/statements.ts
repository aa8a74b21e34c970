import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

const cache = new WeakMap<Database, Map<string, Statement>>();

/**
 * A prepared statement for `sql` on `db`, prepared once per connection and reused: the share server
 * runs the same few statements on every request, and preparing costs more than running them. Keyed by
 * the connection object, so a reopened vault prepares afresh and a closed one's statements go with it.
 */
export function statement(db: Database, sql: string): Statement {
  let forDb = cache.get(db);
  if (!forDb) {
    forDb = new Map();
    cache.set(db, forDb);
  }
  let stmt = forDb.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    forDb.set(sql, stmt);
  }
  return stmt;
}
