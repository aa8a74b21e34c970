import type { Database } from 'better-sqlite3-multiple-ciphers';
import { openAnswerCache, type AnswerCache } from './answer-cache';
import { foldName } from './names';
import { searchWords, toFtsQuery } from './search-index';
import { searchIndexSegments } from './search-index-merge';
import { preparedStatement } from './statement-cache';
import type { ApprovalState, AssetListItem, AssetSummary, ImageFormat } from './types';

export type AssetSort = 'newest' | 'oldest' | 'name' | 'sku';

export interface AssetQuery {
  query?: string;
  tag?: string;
  collection?: string;
  status?: ApprovalState;
  format?: ImageFormat;
  sort?: AssetSort;
  limit?: number;
  offset?: number;
}

export interface AssetPage<Item = AssetSummary> {
  /** Assets matching the filters, all pages together. */
  total: number;
  items: Item[];
}

/** Each order matches one index of migration 0004 exactly, so pages are read from the index. */
const ORDER: Record<AssetSort, string> = {
  newest: 'a.created_at DESC, a.id DESC',
  oldest: 'a.created_at ASC, a.id ASC',
  name: 'a.title COLLATE NOCASE ASC, a.id ASC',
  sku: 'a.sku IS NULL ASC, a.sku COLLATE NOCASE ASC, a.id ASC',
};

const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 100_000;

interface Filter {
  /** One condition per filter, each a test on a column of `assets a`; `%` marks where `+` may go. */
  conditions: string[];
  params: unknown[];
  /** The whole query is a full-text search and nothing else (its count comes from the index alone). */
  searchOnly: string | null;
  /** The search (always the first condition) can be tested one row at a time cheaply (see probeable). */
  probeable: boolean;
  /** A test's cost against collecting one match, when the caller sets it (PlanTuning); else read when needed. */
  tunedRatio: number | null;
  /** What the filter selects, as a key for answers kept until the catalog changes (answer-cache.ts). */
  key: string;
}

function buildFilter(q: AssetQuery, tuning: PlanTuning | undefined): Filter {
  const conditions: string[] = [];
  const params: unknown[] = [];
  let fts: string | null = null;
  let probeableSearch = false;
  if (q.query !== undefined && q.query.trim() !== '') {
    fts = toFtsQuery(q.query);
    if (fts === null) conditions.push('0');
    else {
      conditions.push('%a.search_rowid IN (SELECT rowid FROM asset_search WHERE asset_search MATCH ?)');
      params.push(fts);
      probeableSearch = probeable(q.query);
    }
  }
  if (q.tag !== undefined) {
    conditions.push('%a.id IN (SELECT asset_id FROM asset_tags WHERE tag_id = (SELECT id FROM tags WHERE name_key = ?))');
    params.push(foldName(q.tag));
  }
  if (q.collection !== undefined) {
    conditions.push(
      '%a.id IN (SELECT ca.asset_id FROM collection_assets ca JOIN collections c ON c.id = ca.collection_id WHERE c.id = ? OR c.name_key = ?)',
    );
    params.push(q.collection, foldName(q.collection));
  }
  if (q.status !== undefined) {
    conditions.push('%a.current_approval = ?');
    params.push(q.status);
  }
  if (q.format !== undefined) {
    conditions.push('%a.current_format = ?');
    params.push(q.format);
  }
  // The tokenizer folds case, so "S" and "s" are one question; only ASCII is folded here, as that is
  // all the key needs to be sure of.
  const keyParams = params.map((p) => (p === fts && fts !== null ? fts.replace(/[A-Z]/g, (c) => c.toLowerCase()) : p));
  const key = JSON.stringify([conditions, keyParams]);
  return {
    conditions,
    params,
    searchOnly: fts !== null && conditions.length === 1 ? fts : null,
    probeable: probeableSearch,
    tunedRatio: tuning?.probeCostRatio ?? null,
    key,
  };
}

/**
 * Whether the search can be tested against one row at a time cheaply: FTS5 then seeks each word's
 * list of rows to that row. Whole words and prefixes of up to three characters have lists of their
 * own (migrations 0004 and 0007 index those prefixes); a longer prefix is expanded over every word
 * starting with it on each test, which costs milliseconds a row.
 */
const INDEXED_PREFIX_CHARS = 3;

function probeable(query: string): boolean {
  const words = searchWords(query);
  return words.length > 0 && [...words.at(-1)!].length <= INDEXED_PREFIX_CHARS;
}

export interface PlanTuning {
  /**
   * How many times collecting one match for an IN list a test of one row against the search costs.
   * Collecting reads every match, testing only the rows a walk passes; so testing wins when a walk
   * passes few rows. Tests set it to make small libraries take one path or the other.
   */
  probeCostRatio: number;
}

/**
 * A row test looks the prefix up in every segment of the search index, so its cost grows with them:
 * at 100,000 assets ~180 µs in 14 segments, 7–19 µs in one, against ~0.4 µs to collect one match.
 * The index is kept in few (search-index-merge.ts); until a merge is done the ratio says so.
 */
const PROBE_COST_PER_SEGMENT = 40;

/** What a row test costs against collecting one match, or null when the search cannot be tested by row. */
function probeCostRatioOf(db: Database, filter: Filter): number | null {
  if (!filter.probeable) return null;
  return filter.tunedRatio ?? PROBE_COST_PER_SEGMENT * Math.max(1, searchIndexSegments(db) ?? 1);
}

/** The filter as a walk tests it: every condition with `+`, the search one row at a time if that is cheaper. */
function walkWhere(filter: Filter, ratio: number | null, rowsWalked: number, matches: number): string {
  if (ratio === null || rowsWalked * ratio >= matches) return whereClause(filter, true);
  const conditions = filter.conditions.map((c, i) =>
    i === 0 ? 'EXISTS (SELECT 1 FROM asset_search s WHERE s.rowid = a.search_rowid AND asset_search MATCH ?)' : c.replace('%', '+'),
  );
  return `WHERE ${conditions.join(' AND ')}`;
}

/**
 * SQLite answers a filter either by looking up the matching rows and sorting them, or by walking the
 * sort index and testing each row; it cannot tell which is cheaper, as it does not know how many rows a
 * search matches. We do (the count comes first). Looking up reads `matches` rows. Walking reads the
 * page plus every row before it that does not match: at worst all `assets - matches` of them, since
 * matches can cluster at the far end of the order (e.g. old SKUs). Walking is taken only when even
 * that worst case is cheaper, so neither plan ever reads much more than half the library for a page.
 * A unary `+` keeps SQLite off the filter's index, so it walks.
 */
function whereClause(filter: Filter, walk: boolean): string {
  if (filter.conditions.length === 0) return '';
  return `WHERE ${filter.conditions.map((c) => c.replace('%', walk ? '+' : '')).join(' AND ')}`;
}

/** The count of a filter, from the answers kept for this version of the catalog when there are any. */
function countMatches(db: Database, filter: Filter, cache: AnswerCache | null = null): number {
  if (cache) return cache.get(`count ${filter.key}`, () => countMatches(db, filter));
  if (filter.searchOnly !== null) {
    // Every search row belongs to exactly one asset, so the index can count on its own.
    return preparedStatement(db, 'SELECT count(*) FROM asset_search WHERE asset_search MATCH ?').pluck().get(filter.searchOnly) as number;
  }
  return preparedStatement(db, `SELECT count(*) FROM assets a ${whereClause(filter, false)}`).pluck().get(...filter.params) as number;
}

interface SummaryRow {
  rid: number;
  id: string;
  title: string;
  sku: string | null;
  product_name: string | null;
  created_at: number;
  updated_at: number;
  version_count: number;
  v_id: string;
  v_number: number;
  v_approval: ApprovalState;
  v_format: ImageFormat;
  v_width: number;
  v_height: number;
  thumb_blob: string | null;
  tags: string | null;
}

/**
 * The details of a page's rows. The thumbnail's blob id is asked for only by callers inside the engine
 * (the CLI's JSON, sync's wanted blobs): the API never sends blob ids, and finding it costs a lookup in
 * `derived_blobs` (index and table) per row, about a quarter of reading 48 rows whose pages are not in
 * the cache yet (a search's matches are spread over the whole catalog).
 */
const summarySql = (withThumb: boolean) => `SELECT a.rowid AS rid, a.id, a.title, a.sku, a.product_name, a.created_at, a.updated_at,
    (SELECT count(*) FROM versions WHERE asset_id = a.id) AS version_count,
    cv.id AS v_id, cv.number AS v_number, cv.approval AS v_approval, cv.format AS v_format,
    cv.width AS v_width, cv.height AS v_height,
    ${withThumb ? "(SELECT blob_id FROM derived_blobs WHERE version_id = cv.id AND kind = 'thumb')" : 'NULL'} AS thumb_blob,
    (SELECT group_concat(t.name, char(31)) FROM asset_tags at JOIN tags t ON t.id = at.tag_id WHERE at.asset_id = a.id) AS tags
  FROM assets a JOIN versions cv ON cv.id = a.current_version_id
  WHERE a.rowid IN (SELECT value FROM json_each(?))`;

function toItem(r: SummaryRow): AssetListItem {
  return {
    id: r.id,
    title: r.title,
    sku: r.sku,
    productName: r.product_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    versionCount: r.version_count,
    currentVersion: { id: r.v_id, number: r.v_number, approval: r.v_approval, format: r.v_format, width: r.v_width, height: r.v_height },
    tags: r.tags ? r.tags.split('\u001f').sort((x, y) => x.localeCompare(y)) : [],
  };
}

/** One column (`a.rowid` or `a.id`) of the rows of a page, in order, read from the sort index. */
function readPageColumn<T>(db: Database, column: string, q: AssetQuery, filter: Filter, matches: number): T[] {
  const limit = Math.min(Math.max(q.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const offset = Math.max(q.offset ?? 0, 0);
  if (matches === 0 || offset >= matches) return [];
  const assets = preparedStatement(db, 'SELECT count(*) FROM assets').pluck().get() as number;
  const order = ORDER[q.sort ?? 'newest'];
  const page = (where: string, params: unknown[], from = 'assets a') =>
    preparedStatement(db, `SELECT ${column} FROM ${from} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).pluck().all(...params, limit, offset) as T[];
  // A filter every asset passes (a first keystroke like "s" in a shop whose SKUs all start with S) is
  // dropped: testing 100,000 rows against it would only cost time.
  if (matches === assets) return page('', []);
  const window = boundedWalkRows(assets, matches, offset, limit);
  const boundedWalk = (where: string): T[] | null => {
    const found = preparedStatement(
      db,
      `SELECT ${column.replace('a.rowid', 'a.rid')} FROM (SELECT a.rowid AS rid, a.* FROM assets a ORDER BY ${order} LIMIT ?) a
         ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
    )
      .pluck()
      .all(window, ...filter.params, limit, offset) as T[];
    // A full page from a prefix of the order is exactly the page of the whole order.
    return found.length === limit ? found : null;
  };
  // Testing the rows of a short walk one at a time beats every other plan when they are few enough
  // ("li": 400 row tests against collecting 35,000 matches), unless the matches cluster beyond it.
  const worstWalk = assets - matches + offset + limit;
  // Read only for the walks that use it, past the answer cache: it costs a read of the index's structure.
  const ratio = window !== null || worstWalk < matches ? probeCostRatioOf(db, filter) : null;
  const testRows = window !== null && ratio !== null && window * ratio < matches;
  if (testRows && !newestMatchBeyond(db, q, filter, window)) {
    const found = boundedWalk(walkWhere(filter, ratio, window, matches));
    if (found) return found;
  }
  if (worstWalk < matches) return page(walkWhere(filter, ratio, worstWalk, matches), filter.params);
  if (window !== null && !testRows && !newestMatchBeyond(db, q, filter, window)) {
    const found = boundedWalk(whereClause(filter, true));
    if (found) return found;
  }
  return page(whereClause(filter, false), filter.params, lookupSource(q, filter));
}

/**
 * Where the lookup reads a search's matches from. SQLite picks `assets_search_rowid` (unique, so it
 * looks cheapest) and then reads each match's row for the date order; `assets_search_by_created`
 * (migration 0010) holds the date and id itself, which at 100,000 assets takes about 40 % off looking
 * up 10,000 matches. Only for a search alone in a date order: other filters and orders need the row.
 */
function lookupSource(q: AssetQuery, filter: Filter): string {
  return searchAloneByDate(q, filter) ? 'assets a INDEXED BY assets_search_by_created' : 'assets a';
}

/** A search with no other filter, in a date order: where search rowids and migration 0010's index help. */
function searchAloneByDate(q: AssetQuery, filter: Filter): boolean {
  const sort = q.sort ?? 'newest';
  return filter.searchOnly !== null && (sort === 'newest' || sort === 'oldest');
}

/** How far past the rows a walk needs when matches are spread evenly the bounded walk may look. */
const WALK_ALLOWANCE = 4;

/**
 * Between the two plans: when matches are many but not most (a two-letter prefix, an approval state),
 * looking every one up costs far more than walking the start of the order, if they are spread out.
 * So walk a bounded prefix, a few times the rows an even spread needs; if it holds a whole page, that
 * is the answer, and otherwise (matches clustered further on) the lookup runs after all. Returns the
 * prefix length, or null when even that would cost more than the lookup.
 */
function boundedWalkRows(assets: number, matches: number, offset: number, limit: number): number | null {
  const rows = Math.ceil((((offset + limit) * assets) / matches) * WALK_ALLOWANCE);
  return rows < matches ? rows : null;
}

/**
 * Whether a bounded walk of `window` rows is bound to fail, judged from the search's newest match by
 * `search_rowid` (0.1–0.3 ms at 100,000 assets): rowids are handed out in insertion order, which the
 * date order mostly follows, so when that match lies beyond the window the matches cluster at the far
 * end ("SKU-0" newest first: the oldest 10,000 assets), and the walk would collect every match for
 * nothing (~5 ms) before the lookup. Only a guess, which decides the plan and never the rows; made
 * for a search alone in a date order, where rowids say something about the order.
 */
function newestMatchBeyond(db: Database, q: AssetQuery, filter: Filter, window: number): boolean {
  if (!searchAloneByDate(q, filter)) return false;
  const sort = q.sort ?? 'newest';
  const [direction, beyond] = sort === 'newest' ? ['DESC', '<'] : ['ASC', '>'];
  const sql = `SELECT (a.created_at, a.id) ${beyond} (SELECT created_at, id FROM assets ORDER BY ${ORDER[sort].replace(/a\./g, '')} LIMIT 1 OFFSET ?)
    FROM assets a WHERE a.search_rowid = (SELECT rowid FROM asset_search WHERE asset_search MATCH ? ORDER BY rowid ${direction} LIMIT 1)`;
  return preparedStatement(db, sql).pluck().get(window - 1, filter.searchOnly) === 1;
}

/** The page in two steps: the row ids from the sort index, then the details of just those rows. */
function readPage(db: Database, q: AssetQuery, filter: Filter, matches: number, withThumb: boolean): SummaryRow[] {
  const rids = readPageColumn<number>(db, 'a.rowid', q, filter, matches);
  if (rids.length === 0) return [];
  const rows = preparedStatement(db, summarySql(withThumb)).all(JSON.stringify(rids)) as SummaryRow[];
  const byRid = new Map(rows.map((r) => [r.rid, r]));
  return rids.flatMap((rid) => {
    const row = byRid.get(rid);
    return row ? [row] : [];
  });
}

/**
 * Reads an answer through the catalog's answer cache: the same question under the same version of the
 * catalog is answered from memory. The version is taken before `read`'s transaction; if anything
 * committed meanwhile, the answer may mix a kept count with newer rows, so it is read again uncached.
 */
function throughCache<T>(db: Database, key: string, read: (cache: AnswerCache | null) => T): T {
  const cache = openAnswerCache(db);
  if (!cache) return read(null);
  const answer = cache.get(key, () => read(cache));
  return cache.unchanged() ? answer : read(null);
}

/** A page's rows and the total, read in one transaction so they agree, through the answer cache. */
function queryPage(db: Database, q: AssetQuery, tuning: PlanTuning | undefined, withThumb: boolean): AssetPage<SummaryRow> {
  const filter = buildFilter(q, tuning);
  const key = JSON.stringify(['page', filter.key, q.sort ?? 'newest', q.offset ?? 0, q.limit ?? DEFAULT_LIMIT, filter.tunedRatio, withThumb]);
  return throughCache(db, key, (cache) =>
    db.transaction((): AssetPage<SummaryRow> => {
      const total = countMatches(db, filter, cache);
      return { total, items: readPage(db, q, filter, total, withThumb) };
    })(),
  );
}

/** One page of a query, each asset with its thumbnail's blob id, and how many assets match it in all. */
export function queryAssets(db: Database, q: AssetQuery = {}, tuning?: PlanTuning): AssetPage {
  const { total, items } = queryPage(db, q, tuning, true);
  return { total, items: items.map((r) => ({ ...toItem(r), thumbBlob: r.thumb_blob })) };
}

/** The same page as the app's grid gets it (assets.list): no blob ids, so none is looked up. */
export function queryAssetItems(db: Database, q: AssetQuery = {}, tuning?: PlanTuning): AssetPage<AssetListItem> {
  const { total, items } = queryPage(db, q, tuning, false);
  return { total, items: items.map(toItem) };
}

/**
 * Just the ids of a page, for selecting a range or everything: up to 100,000 per call, read from the
 * sort index (which holds the id), without the details a grid page needs.
 */
export function queryAssetIds(db: Database, q: AssetQuery = {}, tuning?: PlanTuning): { total: number; ids: string[] } {
  const filter = buildFilter(q, tuning);
  // Up to 100,000 ids: only the count is kept, not the ids.
  const cache = openAnswerCache(db);
  const read = (kept: AnswerCache | null) =>
    db.transaction(() => {
      const total = countMatches(db, filter, kept);
      return { total, ids: readPageColumn<string>(db, 'a.id', q, filter, total) };
    })();
  const answer = read(cache);
  return cache === null || cache.unchanged() ? answer : read(null);
}

export function listAssets(db: Database, q: AssetQuery = {}): AssetSummary[] {
  return queryAssets(db, q).items;
}

export function countAssets(db: Database, q: AssetQuery = {}): number {
  const filter = buildFilter(q, undefined);
  return throughCache(db, `count ${filter.key}`, () => countMatches(db, filter));
}
