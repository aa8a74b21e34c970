import type { Database } from 'better-sqlite3-multiple-ciphers';
import { mergeSearchIndex } from '../catalog/search-index-merge';
import { warmListIndexes } from '../catalog/warm-list-indexes';
import { warmSearchIndex } from '../catalog/warm-search-index';
import type { ApiEvents } from './events';
import type { Session } from './session';

/**
 * Keeps search quick behind the UI, never in its way (each step runs in slices between calls):
 * after unlock, the search index is merged if it has grown many segments, then it and the indexes a
 * search's page reads are read into the page cache (the search index first: every keystroke reads
 * it); after an import or changes from sync, the index is merged again if they left it in many
 * segments.
 */
export function keepSearchQuick(session: Session, events: ApiEvents): void {
  let db: Database | null = null;
  session.onUnlock((vault) => {
    db = vault.db;
    void mergeSearchIndex(vault.db)
      .then(() => warmSearchIndex(vault.db))
      .then(() => warmListIndexes(vault.db));
  });
  session.onLock(() => {
    db = null;
  });
  events.subscribe((event, payload) => {
    const grew = event === 'ingest.done' || (event === 'library.changed' && (payload as { reason?: string }).reason === 'sync');
    if (grew && db?.open) void mergeSearchIndex(db);
  });
}
