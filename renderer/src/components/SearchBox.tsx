import { useEffect, useRef, useState, type RefObject } from 'react';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { useLibrary } from '../stores/library-store';
import { Icon } from './Icon';

/** Long enough to skip a query per keystroke of fast typing, short enough to feel immediate. */
const SEARCH_DEBOUNCE_MS = 80;

/** Results as you type. The field owns its text; the store gets it once typing pauses. */
export function SearchBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const query = useLibrary((s) => s.filters.query);
  const setFilters = useLibrary((s) => s.setFilters);
  const [text, setText] = useState(query);
  const settled = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  const lastSent = useRef(query);

  useEffect(() => {
    if (settled === lastSent.current) return;
    lastSent.current = settled;
    setFilters({ query: settled });
  }, [settled, setFilters]);

  // The query changed elsewhere ("Clear filters", "All assets"): show that, not the stale text.
  useEffect(() => {
    if (query === lastSent.current) return;
    lastSent.current = query;
    setText(query);
  }, [query]);

  return (
    <div className="search">
      <Icon name="search" />
      <input
        ref={inputRef}
        type="search"
        className="search__input"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && text) {
            e.preventDefault();
            setText('');
          }
        }}
        placeholder="Search assets"
        title="Searches titles, SKUs, product names, descriptions and tags"
        aria-label="Search assets"
        maxLength={500}
        spellCheck={false}
        data-testid="search-box"
      />
    </div>
  );
}
