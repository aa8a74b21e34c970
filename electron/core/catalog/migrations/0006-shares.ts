import type { Migration } from '../migrate';

/**
 * Shares (docs/vault-format.md section 8): the link's token is never stored, only its keyed hash;
 * renditions live outside the blob store under a key derived from the token. The CHECKs hold the rules
 * no code path may break: no expiry only when "never" was chosen explicitly, counts never negative,
 * a password hash always with its KDF parameters.
 */
const migration: Migration = {
  version: 6,
  name: 'shares',
  sql: `
    CREATE TABLE shares (
      id                   TEXT PRIMARY KEY,
      token_hash           TEXT NOT NULL UNIQUE,
      created_at           INTEGER NOT NULL,
      expires_at           INTEGER,
      never_expires        INTEGER NOT NULL DEFAULT 0 CHECK (never_expires IN (0, 1)),
      max_views            INTEGER CHECK (max_views IS NULL OR max_views >= 1),
      max_downloads        INTEGER CHECK (max_downloads IS NULL OR max_downloads >= 1),
      views                INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0),
      downloads            INTEGER NOT NULL DEFAULT 0 CHECK (downloads >= 0),
      view_only            INTEGER NOT NULL DEFAULT 0 CHECK (view_only IN (0, 1)),
      password_hash        TEXT,
      password_kdf         TEXT CHECK (password_kdf IS NULL OR json_valid(password_kdf)),
      recipient_name       TEXT,
      recipient_company    TEXT,
      recipient_email      TEXT,
      rendition_preset_id  TEXT NOT NULL,
      watermark_preset_id  TEXT,
      terms                TEXT,
      note                 TEXT,
      revoked_at           INTEGER,
      CHECK ((expires_at IS NULL) = (never_expires = 1)),
      CHECK ((password_hash IS NULL) = (password_kdf IS NULL))
    ) STRICT;
    CREATE INDEX shares_created ON shares (created_at, id);

    CREATE TABLE share_assets (
      share_id        TEXT NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
      position        INTEGER NOT NULL CHECK (position >= 1),
      asset_id        TEXT NOT NULL REFERENCES assets (id),
      version_id      TEXT NOT NULL REFERENCES versions (id),
      rendition_blob  TEXT NOT NULL,
      byte_size       INTEGER NOT NULL,
      format          TEXT NOT NULL,
      width           INTEGER NOT NULL,
      height          INTEGER NOT NULL,
      download_name   TEXT NOT NULL,
      PRIMARY KEY (share_id, position)
    ) STRICT;
    CREATE INDEX share_assets_asset ON share_assets (asset_id);
    CREATE INDEX share_assets_version ON share_assets (version_id);

    CREATE TABLE share_access_log (
      id          INTEGER PRIMARY KEY,
      at          INTEGER NOT NULL,
      share_id    TEXT NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
      event       TEXT NOT NULL CHECK (event IN ('page', 'view', 'download', 'wrong_password', 'password_accepted', 'terms_accepted', 'denied')),
      reason      TEXT,
      ip          TEXT,
      user_agent  TEXT,
      referrer    TEXT
    ) STRICT;
    CREATE INDEX share_access_log_share ON share_access_log (share_id, at);
  `,
};

export default migration;
