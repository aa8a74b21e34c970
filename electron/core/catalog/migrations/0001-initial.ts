import type { Migration } from '../migrate';

/** Assets, their versions with approval state, derived renditions, tags, collections and metadata. */
const migration: Migration = {
  version: 1,
  name: 'initial catalog',
  sql: `
    CREATE TABLE assets (
      id            TEXT PRIMARY KEY,
      title         TEXT NOT NULL,
      sku           TEXT,
      product_name  TEXT,
      description   TEXT,
      created_at    INTEGER NOT NULL,
      updated_at    INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX assets_sku ON assets (sku) WHERE sku IS NOT NULL;
    CREATE INDEX assets_created ON assets (created_at);

    CREATE TABLE versions (
      id                TEXT PRIMARY KEY,
      asset_id          TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
      number            INTEGER NOT NULL,
      original_blob     TEXT NOT NULL,
      sha256            TEXT NOT NULL,
      byte_size         INTEGER NOT NULL,
      format            TEXT NOT NULL,
      width             INTEGER NOT NULL,
      height            INTEGER NOT NULL,
      original_filename TEXT NOT NULL,
      capture_time      INTEGER,
      import_time       INTEGER NOT NULL,
      approval          TEXT NOT NULL DEFAULT 'draft'
                        CHECK (approval IN ('draft', 'in_review', 'approved', 'retired')),
      UNIQUE (asset_id, number)
    ) STRICT;
    CREATE UNIQUE INDEX versions_sha256 ON versions (sha256);

    CREATE TABLE approval_events (
      id          INTEGER PRIMARY KEY,
      version_id  TEXT NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
      state       TEXT NOT NULL,
      at          INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE derived_blobs (
      version_id  TEXT NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
      kind        TEXT NOT NULL CHECK (kind IN ('thumb', 'preview')),
      blob_id     TEXT NOT NULL,
      format      TEXT NOT NULL,
      width       INTEGER NOT NULL,
      height      INTEGER NOT NULL,
      byte_size   INTEGER NOT NULL,
      PRIMARY KEY (version_id, kind)
    ) STRICT;
    CREATE INDEX derived_blobs_blob ON derived_blobs (blob_id);
    CREATE INDEX versions_original_blob ON versions (original_blob);

    CREATE TABLE tags (
      id    INTEGER PRIMARY KEY,
      name  TEXT NOT NULL UNIQUE COLLATE NOCASE
    ) STRICT;

    CREATE TABLE asset_tags (
      asset_id  TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
      tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
      PRIMARY KEY (asset_id, tag_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX asset_tags_tag ON asset_tags (tag_id);

    CREATE TABLE collections (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
      created_at  INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE collection_assets (
      collection_id  TEXT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
      asset_id       TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
      added_at       INTEGER NOT NULL,
      PRIMARY KEY (collection_id, asset_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX collection_assets_asset ON collection_assets (asset_id);

    CREATE TABLE metadata (
      version_id     TEXT PRIMARY KEY REFERENCES versions (id) ON DELETE CASCADE,
      camera_make    TEXT,
      camera_model   TEXT,
      lens           TEXT,
      serial_number  TEXT,
      iso            REAL,
      exposure_time  REAL,
      f_number       REAL,
      focal_length   REAL,
      gps_latitude   REAL,
      gps_longitude  REAL,
      gps_altitude   REAL,
      creator        TEXT,
      copyright      TEXT,
      headline       TEXT,
      caption        TEXT,
      keywords       TEXT,
      city           TEXT,
      country        TEXT,
      software       TEXT,
      color_profile  TEXT,
      raw_json       TEXT NOT NULL
    ) STRICT;

    CREATE TABLE settings (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    ) STRICT;
  `,
};

export default migration;
