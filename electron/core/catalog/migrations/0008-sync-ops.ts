import type { Database } from 'better-sqlite3-multiple-ciphers';
import { newId } from '../../ids';
import type { Migration } from '../migrate';

/**
 * Sync operations (docs/vault-format.md section 10). Every catalog change is also an operation in a
 * log that all devices merge; the tables below hold this device's identity and clock, the op log and
 * its outbox, the batches sent and received, the merge state (last-writer-wins registers and the
 * losers' history, add-wins sets, tombstones, versions) and what the merge found for a person to review.
 * The first build of this migration also described the rows that existed before by ops of this device
 * (the baseline); since migration 0009 that happens when the vault first meets sync (sync/ops/op-log.ts),
 * and catalogs migrated by that first build keep the baseline they have.
 */
const migration: Migration = {
  version: 8,
  name: 'sync operations',
  sql: `
    CREATE TABLE sync_device (
      singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
      device_id    TEXT NOT NULL,
      hlc_wall     INTEGER NOT NULL,
      hlc_counter  INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE sync_ops (
      op_id   TEXT PRIMARY KEY,
      device  TEXT NOT NULL,
      kind    TEXT NOT NULL,
      target  TEXT NOT NULL,
      body    TEXT NOT NULL CHECK (json_valid(body))
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX sync_ops_target ON sync_ops (target, op_id);

    CREATE TABLE sync_outbox (
      seq        INTEGER PRIMARY KEY,
      op_id      TEXT NOT NULL UNIQUE,
      batch_seq  INTEGER
    ) STRICT;
    CREATE INDEX sync_outbox_unbatched ON sync_outbox (seq) WHERE batch_seq IS NULL;

    CREATE TABLE sync_batches_out (
      seq      INTEGER PRIMARY KEY CHECK (seq >= 1),
      hash     TEXT NOT NULL,
      body     TEXT NOT NULL CHECK (json_valid(body)),
      sent_at  INTEGER
    ) STRICT;

    CREATE TABLE sync_batches_in (
      device      TEXT NOT NULL,
      seq         INTEGER NOT NULL,
      hash        TEXT NOT NULL,
      applied_at  INTEGER NOT NULL,
      PRIMARY KEY (device, seq)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_devices (
      id                 TEXT PRIMARY KEY,
      name               TEXT,
      last_seen          INTEGER,
      applied_seq        INTEGER NOT NULL DEFAULT 0,
      applied_hash       TEXT,
      retired_after_seq  INTEGER
    ) STRICT;

    CREATE TABLE sync_registers (
      target  TEXT NOT NULL,
      field   TEXT NOT NULL,
      hlc     TEXT NOT NULL,
      value   TEXT NOT NULL CHECK (json_valid(value)),
      PRIMARY KEY (target, field)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_field_history (
      target  TEXT NOT NULL,
      field   TEXT NOT NULL,
      hlc     TEXT NOT NULL,
      value   TEXT NOT NULL CHECK (json_valid(value)),
      PRIMARY KEY (target, field, hlc)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_set_adds (
      set_name  TEXT NOT NULL,
      owner     TEXT NOT NULL,
      element   TEXT NOT NULL,
      add_id    TEXT NOT NULL,
      value     TEXT NOT NULL CHECK (json_valid(value)),
      PRIMARY KEY (set_name, owner, element, add_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX sync_set_adds_element ON sync_set_adds (set_name, element);
    CREATE TABLE sync_set_removed (add_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_tombstones (
      target  TEXT PRIMARY KEY,
      hlc     TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_versions (
      version_id       TEXT PRIMARY KEY,
      asset_id         TEXT NOT NULL,
      proposed_number  INTEGER NOT NULL,
      sha256           TEXT NOT NULL,
      hlc              TEXT NOT NULL,
      body             TEXT NOT NULL CHECK (json_valid(body))
    ) STRICT;
    CREATE INDEX sync_versions_asset ON sync_versions (asset_id);
    CREATE INDEX sync_versions_sha ON sync_versions (sha256);

    CREATE TABLE sync_refs (
      src  TEXT NOT NULL,
      dst  TEXT NOT NULL,
      PRIMARY KEY (dst, src)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_review (
      target  TEXT NOT NULL,
      kind    TEXT NOT NULL CHECK (kind IN ('sibling-version', 'duplicate-version', 'edited-after-delete', 'delete-blocked-by-share')),
      detail  TEXT NOT NULL,
      PRIMARY KEY (target, kind, detail)
    ) STRICT, WITHOUT ROWID;

    ALTER TABLE share_access_log ADD COLUMN op_id TEXT;
    CREATE UNIQUE INDEX share_access_log_op ON share_access_log (op_id) WHERE op_id IS NOT NULL;
  `,
  up(db: Database) {
    db.prepare('INSERT INTO sync_device (singleton, device_id, hlc_wall, hlc_counter) VALUES (1, ?, 0, 0)').run(newId());
  },
};

export default migration;
