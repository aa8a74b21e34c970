import type { Database } from 'better-sqlite3-multiple-ciphers';
import { builtinRenditionPresets } from '../../imaging/builtin-presets';
import type { Migration } from '../migrate';
import { seedBuiltinRenditionPresets } from '../rendition-presets';

/**
 * Export: rendition presets (the built-in ones seeded as ordinary, editable rows) and watermark presets
 * whose logo is a blob in the vault. Each preset's settings are one JSON object in `spec`, validated by
 * the engine on every read and write; the columns beside it are what lookups, uniqueness and blob
 * reference counting need. The rights profile lives in `settings` and needs no table.
 */
const migration: Migration = {
  version: 5,
  name: 'export presets',
  sql: `
    CREATE TABLE rendition_presets (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      name_key    TEXT NOT NULL UNIQUE,
      built_in    INTEGER NOT NULL DEFAULT 0 CHECK (built_in IN (0, 1)),
      spec        TEXT NOT NULL CHECK (json_valid(spec)),
      created_at  INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE watermark_presets (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      name_key    TEXT NOT NULL UNIQUE,
      logo_blob   TEXT,
      spec        TEXT NOT NULL CHECK (json_valid(spec)),
      created_at  INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX watermark_presets_logo ON watermark_presets (logo_blob) WHERE logo_blob IS NOT NULL;
  `,
  up(db: Database) {
    seedBuiltinRenditionPresets(db, builtinRenditionPresets());
  },
};

export default migration;
