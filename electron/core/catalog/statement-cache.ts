import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

/**
 * Prepared statements kept per connection, by SQL text. Preparing the list queries (full-text match,
 * correlated subqueries) costs about as much as running them on a warm page, and the grid and the
 * search box send the same few shapes over and over. The shapes are few (sort × filter combination ×
 * plan), so the cap only guards against a caller that builds SQL with values in it.
 */
const MAX_STATEMENTS_PER_CONNECTION = 256;
const byConnection = new WeakMap<Database, Map<string, Statement>>();

export function preparedStatement(db: Database, sql: string): Statement {
  let statements = byConnection.get(db);
  if (!statements) {
    statements = new Map();
    byConnection.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= MAX_STATEMENTS_PER_CONNECTION) statements.clear();
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
