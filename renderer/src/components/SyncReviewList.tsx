import { REVIEW_LABELS } from '../lib/sync-labels';
import { useSync } from '../stores/sync-store';

/** What merging other devices' changes decided that a person should look at; conflicts are never silent. */
export function SyncReviewList() {
  const review = useSync((s) => s.review);
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
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
