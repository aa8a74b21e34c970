import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { AssetSummary } from '../../../shared/api/schemas';
import { api } from '../api';
import { humanMessage } from '../lib/error-messages';
import { latestOnly } from '../lib/latest-only';
import { useDesigner } from '../stores/designer-store';

/** As many as fit in one row under the preview: enough to pick a light and a dark photo. */
const SHOWN = 12;

/**
 * Which asset the preview draws on: a search over the library and a row of thumbnails. Each search
 * waits for the one out (latest only), like the library's search box.
 */
export function PreviewAssetPicker() {
  const chosen = useDesigner((s) => s.previewAssetId);
  const setPreviewAsset = useDesigner((s) => s.setPreviewAsset);
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<readonly AssetSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const searchId = useId();

  // Answers after the picker closed are dropped (a ref, so StrictMode's remount sets it back).
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const search = useMemo(
    () =>
      latestOnly<string>(async (text) => {
        try {
          const page = await api.call('assets.list', { ...(text.trim() ? { query: text.trim() } : {}), limit: SHOWN });
          if (live.current) {
            setItems(page.items);
            setError(null);
          }
        } catch (err) {
          if (live.current) setError(humanMessage(err));
        }
      }),
    [],
  );
  useEffect(() => search.push(query), [search, query]);

  return (
    <div className="asset-picker" data-testid="preview-asset-picker">
      <div className="asset-picker__search">
        <label className="field__label" htmlFor={searchId}>
          Preview on
        </label>
        <input id={searchId} type="search" className="input input--compact" placeholder="Search the library" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="preview-asset-search" />
      </div>
      {error ? <p className="field__error">{error}</p> : null}
      <ul className="asset-picker__list" aria-label="Images to preview on">
        {items.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className="asset-picker__option"
              aria-pressed={item.id === chosen}
              title={item.title}
              onClick={() => setPreviewAsset(item.id)}
              data-testid="preview-asset-option"
              data-asset-id={item.id}
            >
              <img src={api.mediaUrl('thumb', item.currentVersion.id)} alt={item.title} loading="lazy" decoding="async" draggable={false} />
            </button>
          </li>
        ))}
        {items.length === 0 && error === null ? <li className="muted">{query ? 'No matches.' : 'The library is empty.'}</li> : null}
      </ul>
    </div>
  );
}
