import { useOverlay } from '../stores/overlay-store';
import { Icon } from './Icon';

/** The way into the Shares screen: every link, its timeline, and the share server. */
export function SharesButton() {
  const show = useOverlay((s) => s.show);
  return (
    <button type="button" className="button" onClick={() => show({ kind: 'shares', tab: 'links' })} aria-label="Shared links" data-testid="shares-button">
      <Icon name="send" /> <span className="button__label">Shares</span>
    </button>
  );
}
