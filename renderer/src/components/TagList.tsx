import { useState } from 'react';
import { formatCount } from '../lib/format';
import { useLibrary } from '../stores/library-store';
import { useTags } from '../stores/tags-store';
import { Icon } from './Icon';

/** Beyond this many tags the list folds, so collections and filters stay within reach. */
const FOLDED_COUNT = 25;

export function TagList() {
  const tags = useTags((s) => s.tags);
  const activeTag = useLibrary((s) => s.filters.tag);
  const setFilters = useLibrary((s) => s.setFilters);
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? tags : tags.slice(0, FOLDED_COUNT);
  return (
    <section className="sidebar__section" aria-labelledby="sidebar-tags">
      <h2 id="sidebar-tags" className="sidebar__heading">
        Tags
      </h2>
      {tags.length === 0 ? (
        <p className="sidebar__hint">Tags you add to assets appear here.</p>
      ) : (
        <ul className="nav-list">
          {shown.map((tag) => {
            const active = activeTag !== null && activeTag.toLocaleLowerCase() === tag.name.toLocaleLowerCase();
            return (
              <li key={tag.name} className={`nav-item${active ? ' nav-item--active' : ''}`}>
                <button
                  type="button"
                  className="nav-item__button"
                  aria-pressed={active}
                  onClick={() => setFilters({ tag: active ? null : tag.name })}
                  data-testid="tag-filter-item"
                >
                  <Icon name="tag" />
                  <span className="nav-item__label">{tag.name}</span>
                  <span className="nav-item__count">{formatCount(tag.count)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {tags.length > FOLDED_COUNT ? (
        <button type="button" className="link-button sidebar__more" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
          {expanded ? 'Show fewer tags' : `Show all ${formatCount(tags.length)} tags`}
        </button>
      ) : null}
    </section>
  );
}
