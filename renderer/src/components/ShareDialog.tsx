import { plural } from '../lib/format';
import { useOverlay } from '../stores/overlay-store';
import { useShare } from '../stores/share-store';
import { ModalDialog } from './ModalDialog';
import { ShareDraftWarning } from './ShareDraftWarning';
import { ShareLinkView } from './ShareLinkView';
import { ShareOptionsForm } from './ShareOptionsForm';

/**
 * Share of the selection: the one-click link (copied, with its QR code), or the draft warning, or the
 * Adjust form for a link with other options. Closing forgets the link: the vault keeps no copy of it.
 */
export function ShareDialog() {
  const close = useOverlay((s) => s.close);
  const phase = useShare((s) => s.phase);
  const count = useShare((s) => s.assetIds.length);
  const error = useShare((s) => s.error);
  const { adjust, shareAnyway, start, assetIds } = useShare.getState();

  const dismiss = () => {
    useShare.getState().reset();
    close();
  };

  const footer = (
    <>
      {error && phase !== 'failed' ? (
        <p className="form-error dialog__footer-message" role="alert" data-testid="share-error">
          {error}
        </p>
      ) : null}
      {phase === 'creating' ? (
        <button type="button" className="button" disabled>
          Making the link…
        </button>
      ) : null}
      {phase === 'created' || phase === 'failed' ? (
        <>
          <button type="button" className="button" onClick={() => void adjust()} data-testid="share-adjust">
            Adjust…
          </button>
          {phase === 'failed' ? (
            <button type="button" className="button" onClick={() => void start(assetIds)}>
              Try again
            </button>
          ) : null}
          <button type="button" className="button button--primary" onClick={dismiss} data-testid="share-done">
            Done
          </button>
        </>
      ) : null}
      {phase === 'drafts' ? (
        <>
          <button type="button" className="button" onClick={dismiss} autoFocus>
            Cancel
          </button>
          <button type="button" className="button button--primary" onClick={() => void shareAnyway()} data-testid="share-anyway">
            Share anyway
          </button>
        </>
      ) : null}
      {phase === 'adjusting' ? (
        <>
          <button type="button" className="button" onClick={dismiss}>
            Cancel
          </button>
          <button type="submit" form="share-form" className="button button--primary" data-testid="share-create">
            Make link
          </button>
        </>
      ) : null}
    </>
  );

  return (
    <ModalDialog title={`Share ${plural(count, 'image')}`} className="dialog--wide" onRequestClose={dismiss} footer={footer} testId="share-dialog" closeTestId="share-close">
      <div aria-live="polite" className="share-dialog__body" data-phase={phase}>
        {phase === 'creating' ? (
          <p className="muted" role="status">
            Making the link: each image is rendered, watermarked and encrypted for this link…
          </p>
        ) : null}
        {phase === 'created' ? <ShareLinkView /> : null}
        {phase === 'drafts' ? <ShareDraftWarning /> : null}
        {phase === 'adjusting' ? <ShareOptionsForm /> : null}
        {phase === 'failed' ? (
          <p className="form-error" role="alert" data-testid="share-error">
            {error}
          </p>
        ) : null}
      </div>
    </ModalDialog>
  );
}
