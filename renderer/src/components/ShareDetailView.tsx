import { api } from '../api';
import { formatDateTime } from '../lib/format';
import { countWithLimit, recipientLabel, SHARE_STATE_LABELS } from '../lib/share-labels';
import { useShares } from '../stores/shares-store';
import { ShareActions } from './ShareActions';
import { ShareTimeline } from './ShareTimeline';

/** One link: who it is for, its limits and counts, what it shows, what can be done to it, and its timeline. */
export function ShareDetailView() {
  const selectedId = useShares((s) => s.selectedId);
  const detail = useShares((s) => s.detail);
  const error = useShares((s) => s.detailError);

  if (selectedId === null) return <section className="shares__detail muted">Choose a link to see its timeline.</section>;
  if (error) return <section className="shares__detail form-error">{error}</section>;
  if (detail === null || detail.id !== selectedId) return <section className="shares__detail muted">Loading…</section>;
  const r = detail.recipient;
  return (
    <section className="shares__detail stack" aria-labelledby="share-detail-title" data-testid="share-detail" data-share-id={detail.id} data-state={detail.state}>
      <header className="row row--spread">
        <h3 id="share-detail-title" className="shares__title">
          {recipientLabel(r)}
        </h3>
        <span className={`badge share-state share-state--${detail.state}`} data-testid="share-detail-state">
          {SHARE_STATE_LABELS[detail.state]}
        </span>
      </header>
      <dl className="share-facts">
        {r.email ? (
          <>
            <dt>E-mail</dt>
            <dd>{r.email}</dd>
          </>
        ) : null}
        <dt>Created</dt>
        <dd>{formatDateTime(detail.createdAt)}</dd>
        <dt>Expires</dt>
        <dd>{detail.expiresAt === null ? 'Never (until revoked)' : formatDateTime(detail.expiresAt)}</dd>
        {detail.revokedAt !== null ? (
          <>
            <dt>Revoked</dt>
            <dd>{formatDateTime(detail.revokedAt)}</dd>
          </>
        ) : null}
        <dt>Views</dt>
        <dd data-testid="share-detail-views">{countWithLimit(detail.views, detail.maxViews)}</dd>
        <dt>Downloads</dt>
        <dd data-testid="share-detail-downloads">{detail.viewOnly ? 'View only' : countWithLimit(detail.downloads, detail.maxDownloads)}</dd>
        <dt>Protection</dt>
        <dd>{[detail.hasPassword ? 'Password' : 'No password', detail.hasTerms ? 'terms to accept' : null].filter(Boolean).join(', ')}</dd>
        {detail.note ? (
          <>
            <dt>Note</dt>
            <dd>{detail.note}</dd>
          </>
        ) : null}
      </dl>
      <ShareActions share={detail} />
      <h4 className="shares__subtitle">Images</h4>
      <ul className="share-assets">
        {detail.assets.map((a) => (
          <li key={a.position} className="share-assets__item">
            <img src={api.mediaUrl('thumb', a.versionId)} alt="" width={64} height={64} loading="lazy" />
            <span>{a.title}</span>
          </li>
        ))}
      </ul>
      {detail.terms ? (
        <>
          <h4 className="shares__subtitle">Terms</h4>
          <p className="share-terms">{detail.terms}</p>
        </>
      ) : null}
      <h4 className="shares__subtitle">Timeline</h4>
      <ShareTimeline log={detail.log} total={detail.logTotal} />
    </section>
  );
}
