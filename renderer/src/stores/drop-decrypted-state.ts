import { useCollections } from './collections-store';
import { useDetail } from './detail-store';
import { useIngest } from './ingest-store';
import { useLibrary } from './library-store';
import { useSelection } from './selection-store';
import { useTags } from './tags-store';
import { useToasts } from './toast-store';

/**
 * Everything the UI learned from the unlocked vault (titles, SKUs, tags, file names, ids) goes when it
 * locks. The grid and its <img> elements unmount with the library screen, which releases the decoded
 * thumbnails; the renderer creates no blob: URLs, so there are none to revoke.
 */
export function dropDecryptedState(): void {
  useSelection.getState().clear();
  useDetail.getState().reset();
  useLibrary.getState().reset();
  useCollections.getState().reset();
  useTags.getState().reset();
  useIngest.getState().reset();
  useToasts.getState().clear();
}
