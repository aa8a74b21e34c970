import { Icon } from './Icon';

/**
 * Shown while files are dragged over the window. It does not catch the drop itself (pointer-events:
 * none), so a grid cell or the detail panel underneath can still take it as a new version.
 */
export function DropOverlay() {
  return (
    <div className="drop-overlay" aria-hidden="true" data-testid="drop-overlay">
      <div className="drop-overlay__message">
        <Icon name="upload" size={32} />
        <strong>Drop to import into the vault</strong>
        <span>Drop onto an asset to add a new version of it</span>
      </div>
    </div>
  );
}
