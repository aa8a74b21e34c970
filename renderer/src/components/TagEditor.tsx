import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTags } from '../stores/tags-store';
import { Icon } from './Icon';

export interface TagEditorProps {
  /** Every asset the change applies to: one, or the whole selection. */
  readonly assetIds: readonly string[];
  /** Tags shown as chips (for several assets: those found on any of them). */
  readonly tags: readonly string[];
  /** After a successful change (the single-asset panel reloads its detail). */
  onChanged?(): void;
}

const MAX_SUGGESTIONS = 8;
const MAX_TAG_LENGTH = 100;

/**
 * Tag chips with × to remove, and a combobox to add: suggestions from the vault's tags as you type,
 * arrows to pick one, Enter to add (the highlighted suggestion, or the text as a new tag).
 */
export function TagEditor({ assetIds, tags, onChanged }: TagEditorProps) {
  const allTags = useTags((s) => s.tags);
  const change = useTags((s) => s.change);
  const [text, setText] = useState('');
  const [highlight, setHighlight] = useState(-1);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const inputId = useId();
  const many = assetIds.length > 1;

  const suggestions = useMemo(() => {
    const needle = text.trim().toLocaleLowerCase();
    if (!needle) return [];
    const present = new Set(tags.map((t) => t.toLocaleLowerCase()));
    return allTags
      .filter((t) => !present.has(t.name.toLocaleLowerCase()) && t.name.toLocaleLowerCase().includes(needle))
      .sort((a, b) => Number(!a.name.toLocaleLowerCase().startsWith(needle)) - Number(!b.name.toLocaleLowerCase().startsWith(needle)) || b.count - a.count)
      .slice(0, MAX_SUGGESTIONS);
  }, [allTags, tags, text]);

  const listShown = open && suggestions.length > 0;

  async function add(name: string) {
    const tag = name.trim();
    if (!tag) return;
    setText('');
    setHighlight(-1);
    if (await change(assetIds, [tag], [])) onChanged?.();
  }

  async function remove(tag: string) {
    if (await change(assetIds, [], [tag])) onChanged?.();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && suggestions.length > 0) {
      event.preventDefault();
      setOpen(true);
      setHighlight((h) => (h + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length > 0) {
      event.preventDefault();
      setHighlight((h) => (h <= 0 ? suggestions.length - 1 : h - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const picked = listShown && highlight >= 0 ? suggestions[highlight]?.name : undefined;
      void add(picked ?? text);
    } else if (event.key === 'Escape' && listShown) {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === 'Backspace' && text === '' && tags.length > 0 && !many) {
      // Backspace in an empty field takes off the last tag, as in most tag inputs.
      void remove(tags[tags.length - 1]!);
    }
  }

  return (
    <div className="tag-editor" data-testid="tag-editor">
      <label className="field__label" htmlFor={inputId}>
        {many ? `Tags (applied to all ${assetIds.length.toLocaleString()} selected)` : 'Tags'}
      </label>
      {tags.length > 0 ? (
        <ul className="chips" aria-label="Tags">
          {tags.map((tag) => (
            <li key={tag} className="chip" data-testid="tag-chip">
              <span>{tag}</span>
              <button
                type="button"
                className="chip__remove"
                aria-label={many ? `Remove tag ${tag} from all selected` : `Remove tag ${tag}`}
                onClick={() => void remove(tag)}
                data-testid="tag-remove"
              >
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="combobox">
        <input
          id={inputId}
          className="input"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={listShown}
          aria-controls={listId}
          aria-activedescendant={listShown && highlight >= 0 ? `${listId}-${highlight}` : undefined}
          value={text}
          maxLength={MAX_TAG_LENGTH}
          placeholder="Add a tag and press Enter"
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setHighlight(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          data-testid="tag-input"
        />
        <ul id={listId} role="listbox" className="combobox__list" hidden={!listShown} aria-label="Tag suggestions">
          {suggestions.map((s, i) => (
            <li
              key={s.name}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === highlight}
              className={`combobox__option${i === highlight ? ' combobox__option--active' : ''}`}
              // mousedown, not click: a click would blur the input first and close the list.
              onMouseDown={(e) => {
                e.preventDefault();
                void add(s.name);
              }}
              data-testid="tag-suggestion"
            >
              <span>{s.name}</span>
              <span className="muted">{s.count.toLocaleString()}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
