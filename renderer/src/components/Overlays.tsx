import { useOverlay } from '../stores/overlay-store';
import { DesignerScreen } from './DesignerScreen';
import { ExportDialog } from './ExportDialog';
import { RightsDialog } from './RightsDialog';
import { ShareDialog } from './ShareDialog';
import { SharesScreen } from './SharesScreen';
import { SyncScreen } from './SyncScreen';

/** The one screen or dialog over the library, if any (overlay-store keeps them exclusive). */
export function Overlays() {
  const overlay = useOverlay((s) => s.overlay);
  if (overlay === null) return null;
  if (overlay.kind === 'designer') return <DesignerScreen tab={overlay.tab} />;
  if (overlay.kind === 'rights') return <RightsDialog />;
  if (overlay.kind === 'share') return <ShareDialog />;
  if (overlay.kind === 'shares') return <SharesScreen tab={overlay.tab} />;
  if (overlay.kind === 'sync') return <SyncScreen />;
  return <ExportDialog />;
}
