import { FORMAT_LABELS, APPROVAL_LABELS } from '../lib/labels';
import { useCollections } from '../stores/collections-store';
import { hasActiveFilters, type LibraryFilters } from '../stores/library-filters';
import { useLibrary } from '../stores/library-store';
import { Icon } from './Icon';
import { ImportButton } from './ImportButton';

function describeFilters(f: LibraryFilters, collectionName: string | null): string {
  const parts: string[] = [];
  if (f.query.trim()) parts.push(`“${f.query.trim()}”`);
  if (f.collectionId) parts.push(`in ${collectionName ? `“${collectionName}”` : 'this collection'}`);
  if (f.tag) parts.push(`tagged “${f.tag}”`);
  if (f.status) parts.push(`${APPROVAL_LABELS[f.status].toLowerCase()}`);
  if (f.format) parts.push(`${FORMAT_LABELS[f.format]}`);
  return parts.join(', ');
}

/** Empty vault, or nothing matching: say so, and say what to do about it. */
export function LibraryEmptyState() {
  const filters = useLibrary((s) => s.filters);
  const clearFilters = useLibrary((s) => s.clearFilters);
  const collectionName = useCollections((s) => s.collections.find((c) => c.id === filters.collectionId)?.name ?? null);

  if (hasActiveFilters(filters)) {
    return (
      <div className="empty-state" data-testid="no-matches">
        <Icon name="search" size={32} />
        <h2 className="empty-state__title">No assets match {describeFilters(filters, collectionName)}</h2>
        <p className="muted">Try other words, or look in the whole library.</p>
        <button type="button" className="button button--primary" onClick={clearFilters} data-testid="clear-filters">
          Clear filters
        </button>
      </div>
    );
  }
  return (
    <div className="empty-state" data-testid="empty-library">
      <Icon name="images" size={40} />
      <h2 className="empty-state__title">Your vault is empty</h2>
      <p className="muted">Drop product photos anywhere on this window to import them. Folders work too.</p>
      <ImportButton testId="empty-import" />
    </div>
  );
}
