import { useLibrary } from '../stores/library-store';
import { AssetGrid } from './AssetGrid';
import { LibraryEmptyState } from './LibraryEmptyState';

/** The grid, or why there is none: still loading, failed, empty. */
export function LibraryContent() {
  const total = useLibrary((s) => s.cache.total);
  const loadError = useLibrary((s) => s.loadError);
  const invalidate = useLibrary((s) => s.invalidate);

  if (total === null && loadError) {
    return (
      <div className="empty-state" role="alert">
        <h2 className="empty-state__title">The library could not be loaded</h2>
        <p className="muted">{loadError}</p>
        <button type="button" className="button" onClick={invalidate}>
          Try again
        </button>
      </div>
    );
  }
  if (total === 0) return <LibraryEmptyState />;
  return <AssetGrid />;
}
