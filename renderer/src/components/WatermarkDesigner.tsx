import { WatermarkEditor } from './WatermarkEditor';
import { WatermarkPresetList } from './WatermarkPresetList';
import { WatermarkPreviewPane } from './WatermarkPreviewPane';

/** The watermarks tab: presets | settings | live preview. */
export function WatermarkDesigner() {
  return (
    <div className="designer">
      <WatermarkPresetList />
      <WatermarkEditor />
      <WatermarkPreviewPane />
    </div>
  );
}
