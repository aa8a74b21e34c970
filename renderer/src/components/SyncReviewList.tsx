import { REVIEW_LABELS } from '../lib/sync-labels';
import { useOverlay } from '../stores/overlay-store';
import { showAsset } from '../stores/show-asset';
import { useSync } from '../stores/sync-store';

/** What merging other devices' changes decided that a person should look at; conflicts are never silent. */
export function SyncReviewList() {
  const review = useSync((s) => s.review);
  const close = useOverlay((s) => s.close);
  function show(assetId: string) {
    close();
    showAsset(assetId);
  }
  return (
    <section className="stack" aria-labelledby="sync-review-title">
      <h3 id="sync-review-title" className="shares__subtitle">
        Needs review
      </h3>
      {review.length === 0 ? (
        <p className="muted" data-testid="sync-review-empty">
          Nothing to review: every merge was clear.
        </p>
      ) : (
        <ul className="sync-review" data-testid="sync-review">
          {review.map((r) => (
            <li key={`${r.kind}:${r.assetId ?? ''}:${r.detail}`} className="sync-review__item" data-testid="sync-review-item" data-kind={r.kind}>
              <strong>{REVIEW_LABELS[r.kind].title}</strong>
              <span>{r.title === null ? 'An image that no longer exists' : `“${r.title}”`}</span>
              <span className="muted">{REVIEW_LABELS[r.kind].advice}</span>
              {r.assetId !== null && r.title !== null ? (
                <button type="button" className="link-button" data-testid="sync-review-show" onClick={show.bind(null, r.assetId)}>
                  Show the image
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
