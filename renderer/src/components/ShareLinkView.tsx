import { useEffect, useId, useRef } from 'react';
import { formatDateTime } from '../lib/format';
import { PRIMARY_KEY_LABEL } from '../lib/platform';
import { useShare } from '../stores/share-store';
import { Icon } from './Icon';
import { QrCode } from './QrCode';

/** The new link: on the clipboard (or selected for copying by hand when the browser refused), its expiry, and its QR code. */
export function ShareLinkView() {
  const link = useShare((s) => s.link);
  const copy = useShare((s) => s.copy);
  const copyAgain = useShare((s) => s.copyAgain);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const statusId = useId();

  // Refused: the fallback is the link itself, selected, so Ctrl/⌘+C copies it.
  useEffect(() => {
    if (copy === 'refused') {
      inputRef.current?.focus();
      inputRef.current?.select();
    }
  }, [copy]);

  if (link === null) return null;
  return (
    <div className="share-link">
      <div className="share-link__main stack">
        <div className="field">
          <label className="field__label" htmlFor={inputId}>
            Link
          </label>
          <div className="share-link__row">
            <input
              ref={inputRef}
              id={inputId}
              className="input input--mono"
              readOnly
              value={link.url}
              onFocus={(e) => e.currentTarget.select()}
              aria-describedby={statusId}
              data-testid="share-url"
            />
            <button type="button" className="button" onClick={() => void copyAgain()} data-testid="share-copy">
              <Icon name="copy" /> Copy
            </button>
          </div>
          <p id={statusId} className={copy === 'refused' ? 'field__error' : 'field__hint'} role="status" data-testid="share-copy-status" data-copy={copy ?? 'pending'}>
            {copy === 'copied' ? 'Copied to the clipboard.' : null}
            {copy === 'refused' ? `The browser did not allow copying. The link is selected: press ${PRIMARY_KEY_LABEL}C to copy it.` : null}
          </p>
        </div>
        <p data-testid="share-expiry">{link.expiresAt === null ? 'This link never expires: it works until you revoke it.' : `Expires ${formatDateTime(link.expiresAt)}.`}</p>
        {!link.serving ? (
          <p className="form-error" data-testid="share-not-serving">
            The share server is not running, so the link does not work yet. See Shares → Server.
          </p>
        ) : null}
        <p className="muted">Strongroom keeps no copy of this link (only a fingerprint of it): copy it now. You can revoke it or extend it from Shares.</p>
      </div>
      <QrCode text={link.url} label="QR code of the link" />
    </div>
  );
}
