import { useEffect, useRef, useState, type RefObject } from 'react';
import { holdThumbnailsWhileTyping } from '../hooks/use-thumbnail-slot';
import { useLibrary } from '../stores/library-store';
import { Icon } from './Icon';

/**
 * Results as you type. The field owns its text and hands every change to the store, which sends it at
 * once or, while an answer is pending, keeps only the latest (no fixed debounce to wait out). Thumbnails
 * of the answers wait until typing pauses (hooks/use-thumbnail-slot.ts).
 */
export function SearchBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const query = useLibrary((s) => s.filters.query);
  const setQuery = useLibrary((s) => s.setQuery);
  const [text, setText] = useState(query);
  const lastSent = useRef(query);

  const change = (next: string) => {
    holdThumbnailsWhileTyping();
    setText(next);
    lastSent.current = next;
    setQuery(next);
  };

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
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && text) {
            e.preventDefault();
            change('');
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
