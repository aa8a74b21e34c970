import { beforeEach, describe, expect, it } from 'vitest';
import { useDetail } from '../../renderer/src/stores/detail-store';
import { useSelection } from '../../renderer/src/stores/selection-store';
import { showAsset } from '../../renderer/src/stores/show-asset';
import { idFor } from './helpers/assets';

/** Showing an asset from a list outside the grid (import report, sync review): the real stores. */
describe('showAsset', () => {
  beforeEach(() => {
    useSelection.getState().selectAssets([idFor(1), idFor(2)]);
    useDetail.getState().closePanel();
  });

  it('selects that asset alone and opens its details with the focus moved there', () => {
    const focusBefore = useDetail.getState().focusRequest;
    showAsset(idFor(3));
    expect([...useSelection.getState().selected]).toEqual([idFor(3)]);
    expect(useDetail.getState().open).toBe(true);
    expect(useDetail.getState().focusRequest).toBe(focusBefore + 1);
  });
});
