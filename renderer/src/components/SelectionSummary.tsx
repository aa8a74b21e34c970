import { formatCount, plural } from '../lib/format';
import { useLibrary } from '../stores/library-store';
import { useSelection } from '../stores/selection-store';

/** "1,204 assets", or "3 selected  Clear" while there is a selection; announced politely. */
export function SelectionSummary() {
  const total = useLibrary((s) => s.cache.total);
  const count = useSelection((s) => s.selected.size);
  const pending = useSelection((s) => s.pending);
  const clear = useSelection((s) => s.clear);
  return (
    <div className="selection-summary" aria-live="polite">
      {count === 0 && !pending ? (
        <span className="muted" data-testid="result-count">
          {total === null ? '' : plural(total, 'asset')}
        </span>
      ) : null}
      {pending ? <span className="muted">Selecting…</span> : null}
      {count > 0 && !pending ? (
        <>
          <span data-testid="selection-count" data-count={count}>
            {formatCount(count)} selected
          </span>
          <button type="button" className="link-button" onClick={clear}>
            Clear
          </button>
        </>
      ) : null}
    </div>
  );
}
