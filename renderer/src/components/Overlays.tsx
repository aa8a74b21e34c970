import { useOverlay } from '../stores/overlay-store';
import { DesignerScreen } from './DesignerScreen';
import { ExportDialog } from './ExportDialog';
import { RightsDialog } from './RightsDialog';

/** The one screen or dialog over the library, if any (overlay-store keeps them exclusive). */
export function Overlays() {
  const overlay = useOverlay((s) => s.overlay);
  if (overlay === null) return null;
  if (overlay.kind === 'designer') return <DesignerScreen tab={overlay.tab} />;
  if (overlay.kind === 'rights') return <RightsDialog />;
  return <ExportDialog />;
}
