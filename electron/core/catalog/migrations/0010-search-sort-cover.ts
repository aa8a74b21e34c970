import type { Migration } from '../migrate';

/**
 * A search's matches ordered by date, read from an index alone. When a search's matches cluster at the
 * far end of the date order (the oldest SKUs, newest first), a page is answered by looking every match
 * up and sorting them (asset-list.ts). Through `assets_search_rowid` each lookup also read the asset's
 * row for `created_at` and `id`; this index holds both, so the rows are never read: at 100,000 assets
 * about 40 % less for a prefix matching 10,000 of them. `assets_search_rowid` stays, as it keeps
 * `search_rowid` unique.
 */
const migration: Migration = {
  version: 10,
  name: 'search matches sorted by date from an index',
  sql: `
    CREATE INDEX assets_search_by_created ON assets (search_rowid, created_at, id);
  `,
};

export default migration;
