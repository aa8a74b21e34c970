import { useOverlay } from '../stores/overlay-store';
import { Icon } from './Icon';

/** The way into the watermark designer (and the rendition presets beside it). */
export function DesignerButton() {
  const show = useOverlay((s) => s.show);
  return (
    <button type="button" className="button" onClick={() => show({ kind: 'designer', tab: 'watermarks' })} aria-label="Watermarks and renditions" data-testid="designer-button">
      <Icon name="stamp" /> <span className="button__label">Watermarks</span>
    </button>
  );
}
