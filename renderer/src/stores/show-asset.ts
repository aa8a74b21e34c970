import { useDetail } from './detail-store';
import { useSelection } from './selection-store';

/** Shows one asset from a list outside the grid (an import report, the sync review): selected alone, its details open. */
export function showAsset(assetId: string): void {
  useSelection.getState().selectAssets([assetId]);
  useDetail.getState().openPanel(true);
}
