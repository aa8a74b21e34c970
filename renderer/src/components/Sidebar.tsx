import { formatCount } from '../lib/format';
import { hasActiveFilters } from '../stores/library-filters';
import { useLibrary } from '../stores/library-store';
import { ApprovalFilter } from './ApprovalFilter';
import { CollectionList } from './CollectionList';
import { FormatFilter } from './FormatFilter';
import { SyncIndicator } from './SyncIndicator';
import { Icon } from './Icon';
import { TagList } from './TagList';

/** Where to look: everything, a collection, a tag; narrowed by approval state and format. */
export function Sidebar() {
  const allCount = useLibrary((s) => s.allCount);
  const showingAll = useLibrary((s) => !hasActiveFilters(s.filters));
  const clearFilters = useLibrary((s) => s.clearFilters);
  return (
    <nav className="sidebar" aria-label="Library">
      <div className="sidebar__brand">
        <Icon name="shield" size={18} /> Strongroom
      </div>
      <ul className="nav-list">
        <li className={`nav-item${showingAll ? ' nav-item--active' : ''}`}>
          <button type="button" className="nav-item__button" aria-pressed={showingAll} onClick={clearFilters} data-testid="all-assets">
            <Icon name="images" />
            <span className="nav-item__label">All assets</span>
            <span className="nav-item__count">{allCount === null ? '' : formatCount(allCount)}</span>
          </button>
        </li>
      </ul>
      <CollectionList />
      <TagList />
      <ApprovalFilter />
      <FormatFilter />
      <SyncIndicator />
    </nav>
  );
}
