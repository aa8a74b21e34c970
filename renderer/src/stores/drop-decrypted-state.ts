import { useCollections } from './collections-store';
import { useDesigner } from './designer-store';
import { useDetail } from './detail-store';
import { useExport } from './export-store';
import { useIngest } from './ingest-store';
import { useLibrary } from './library-store';
import { useOverlay } from './overlay-store';
import { usePresets } from './presets-store';
import { useRights } from './rights-store';
import { useSelection } from './selection-store';
import { useShare } from './share-store';
import { useShares } from './shares-store';
import { useSync } from './sync-store';
import { useTags } from './tags-store';
import { useToasts } from './toast-store';

/**
 * Everything the UI learned from the unlocked vault (titles, SKUs, tags, file names, ids) goes when it
 * locks. The grid and its <img> elements unmount with the library screen, which releases the decoded
 * thumbnails; the renderer creates no blob: URLs, so there are none to revoke (the designer's preview
 * is a data: URL held in its store, dropped here).
 */
export function dropDecryptedState(): void {
  useSelection.getState().clear();
  useDetail.getState().reset();
  useLibrary.getState().reset();
  useCollections.getState().reset();
  useTags.getState().reset();
  useIngest.getState().reset();
  // The export screens: preset names, the rights profile, the designer's preview (a data: URL of an
  // asset's picture), export reports naming files.
  useOverlay.getState().close();
  useDesigner.getState().end();
  usePresets.getState().reset();
  useRights.getState().reset();
  useExport.getState().reset();
  // A link just made (its token), the Shares screen's recipients, notes and timelines.
  useShare.getState().reset();
  useShares.getState().reset();
  // Device names, the target's path or bucket, review items naming assets.
  useSync.getState().reset();
  useToasts.getState().clear();
}
