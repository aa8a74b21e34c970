import type { Migration } from '../migrate';

/**
 * The op log starts when a vault first meets sync, not at the upgrade, and is stored more compactly
 * (docs/vault-format.md section 10, "Baseline"). Describing a large existing catalog by ops at the
 * upgrade took minutes and multiplied the catalog's size, for every vault, synced or not.
 *
 * - `sync_device.op_log_started_at`: null until the log starts (sync/ops/start-op-log.ts). A catalog
 *   that holds ops already (upgraded by the build whose migration 0008 wrote the baseline, or joined
 *   from a snapshot) keeps its log running.
 * - `sync_ops` becomes a rowid table: as a WITHOUT ROWID table, every body longer than about a
 *   kilobyte (a version.add) took an overflow page of its own, tripling the op log's size.
 * - `sync_versions` loses its copy of the version body: it is read from the version.add op.
 * - `sync_batches_out` keeps a batch's body only until it is sent: a sent batch is rebuilt from the
 *   outbox and the op log when it must be sent again (sync/ops/batches-out.ts, `sentBatch`).
 */
const migration: Migration = {
  version: 9,
  name: 'op log on first sync',
  sql: `
    ALTER TABLE sync_device ADD COLUMN op_log_started_at INTEGER;
    UPDATE sync_device SET op_log_started_at = 0 WHERE EXISTS (SELECT 1 FROM sync_ops);

    CREATE TABLE sync_ops_rowid (
      op_id   TEXT NOT NULL UNIQUE,
      device  TEXT NOT NULL,
      kind    TEXT NOT NULL,
      target  TEXT NOT NULL,
      body    TEXT NOT NULL CHECK (json_valid(body))
    ) STRICT;
    INSERT INTO sync_ops_rowid (op_id, device, kind, target, body) SELECT op_id, device, kind, target, body FROM sync_ops ORDER BY op_id;
    DROP TABLE sync_ops;
    ALTER TABLE sync_ops_rowid RENAME TO sync_ops;
    CREATE INDEX sync_ops_target ON sync_ops (target, op_id);

    ALTER TABLE sync_versions DROP COLUMN body;

    CREATE TABLE sync_batches_out_body_until_sent (
      seq      INTEGER PRIMARY KEY CHECK (seq >= 1),
      hash     TEXT NOT NULL,
      body     TEXT CHECK (body IS NULL OR json_valid(body)),
      sent_at  INTEGER,
      CHECK (body IS NOT NULL OR sent_at IS NOT NULL)
    ) STRICT;
    INSERT INTO sync_batches_out_body_until_sent (seq, hash, body, sent_at)
      SELECT seq, hash, CASE WHEN sent_at IS NULL THEN body END, sent_at FROM sync_batches_out;
    DROP TABLE sync_batches_out;
    ALTER TABLE sync_batches_out_body_until_sent RENAME TO sync_batches_out;
  `,
};

export default migration;
