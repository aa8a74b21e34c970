import { useState } from 'react';
import type { ShareDetail } from '../../../shared/api/share-contract';
import { useShares } from '../stores/shares-store';
import { ConfirmDialog } from './ConfirmDialog';
import { ShareExtendForm } from './ShareExtendForm';
import { ShareLimitsForm } from './ShareLimitsForm';

/** Revoke (asked first), extend, change limits, delete (asked first); failures show here, next to the buttons. */
export function ShareActions({ share }: { share: ShareDetail }) {
  const [confirm, setConfirm] = useState<'revoke' | 'delete' | null>(null);
  const error = useShares((s) => s.actionError);
  const { revoke, remove } = useShares.getState();
  const revoked = share.revokedAt !== null;
  return (
    <div className="share-actions stack">
      <div className="row">
        {!revoked ? (
          <button type="button" className="button button--danger" onClick={() => setConfirm('revoke')} data-testid="share-revoke">
            Revoke link
          </button>
        ) : null}
        <button type="button" className="button" onClick={() => setConfirm('delete')} data-testid="share-delete">
          Delete
        </button>
      </div>
      {!revoked ? <ShareExtendForm key={share.id} share={share} /> : null}
      {!revoked ? <ShareLimitsForm key={`${share.id}-${share.maxViews}-${share.maxDownloads}`} share={share} /> : null}
      {error ? (
        <p className="form-error" role="alert" data-testid="share-action-error">
          {error}
        </p>
      ) : null}
      {confirm === 'revoke' ? (
        <ConfirmDialog
          title="Revoke this link?"
          confirmLabel="Revoke"
          danger
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void revoke(share.id);
          }}
        >
          The link stops working at its next request, for everyone who has it. This cannot be undone; you can make a new link.
        </ConfirmDialog>
      ) : null}
      {confirm === 'delete' ? (
        <ConfirmDialog
          title="Delete this share?"
          confirmLabel="Delete"
          danger
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void remove(share.id);
          }}
        >
          The link stops working, and its copies and its timeline are deleted. To keep the timeline, revoke instead.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
