import { formatCount, formatDateTime } from '../lib/format';
import { countWithLimit, recipientLabel, SHARE_STATE_LABELS } from '../lib/share-labels';
import { sortShares, useShares, type ShareSort } from '../stores/shares-store';

function SortHeader({ sort, label }: { sort: ShareSort; label: string }) {
  const current = useShares((s) => s.sort);
  const setSort = useShares((s) => s.setSort);
  return (
    <th scope="col" aria-sort={current === sort ? 'descending' : 'none'}>
      <button type="button" className="link-button" onClick={() => setSort(sort)} data-testid={`shares-sort-${sort}`}>
        {label}
        {current === sort ? ' ↓' : ''}
      </button>
    </th>
  );
}

/** Every link: state, recipient, images, counts against limits, last access; sortable by last access or creation. */
export function ShareList() {
  const list = useShares((s) => s.list);
  const sort = useShares((s) => s.sort);
  const loaded = useShares((s) => s.loaded);
  const error = useShares((s) => s.error);
  const selectedId = useShares((s) => s.selectedId);
  const select = useShares((s) => s.select);

  if (error) return <p className="form-error">{error}</p>;
  if (!loaded) return <p className="muted">Loading links…</p>;
  if (list.length === 0) {
    return (
      <p className="muted shares__empty" data-testid="shares-empty">
        No links yet. Select images in the library and press Share.
      </p>
    );
  }
  return (
    <div className="shares__list">
      <table className="share-table" data-testid="share-table">
        <caption className="visually-hidden">Share links</caption>
        <thead>
          <tr>
            <th scope="col">Recipient</th>
            <th scope="col">State</th>
            <th scope="col">Images</th>
            <th scope="col">Views</th>
            <th scope="col">Downloads</th>
            <SortHeader sort="lastAccess" label="Last access" />
            <SortHeader sort="created" label="Created" />
          </tr>
        </thead>
        <tbody>
          {sortShares(list, sort).map((s) => (
            <tr key={s.id} className={s.id === selectedId ? 'share-table__row--selected' : undefined} data-testid="share-row" data-share-id={s.id} data-state={s.state}>
              <td>
                <button type="button" className="link-button" aria-pressed={s.id === selectedId} onClick={() => void select(s.id)} data-testid="share-row-open">
                  {recipientLabel(s.recipient)}
                </button>
                {s.note ? <div className="muted share-table__note">{s.note}</div> : null}
              </td>
              <td>
                <span className={`badge share-state share-state--${s.state}`}>{SHARE_STATE_LABELS[s.state]}</span>
              </td>
              <td>{formatCount(s.assetCount)}</td>
              <td data-testid="share-row-views">{countWithLimit(s.views, s.maxViews)}</td>
              <td data-testid="share-row-downloads">{s.viewOnly ? 'View only' : countWithLimit(s.downloads, s.maxDownloads)}</td>
              <td>{s.lastAccessAt === null ? <span className="muted">Never opened</span> : formatDateTime(s.lastAccessAt)}</td>
              <td>{formatDateTime(s.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
