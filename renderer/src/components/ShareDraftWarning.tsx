import { useShare } from '../stores/share-store';
import { Icon } from './Icon';

/** The selection holds assets whose current version is not approved: say so, and let "Share anyway" decide. */
export function ShareDraftWarning() {
  const message = useShare((s) => s.draftMessage);
  return (
    <div className="share-warning" role="alert" data-testid="share-draft-warning">
      <Icon name="alert" size={20} />
      <div className="stack stack--tight">
        <strong>Not every image is approved</strong>
        <p>{message}</p>
        <p className="muted">
          Links share approved versions only, so nothing unfinished goes out by accident. “Share anyway” shares each asset’s current version, approved or
          not.
        </p>
      </div>
    </div>
  );
}
