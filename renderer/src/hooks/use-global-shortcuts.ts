import { useEffect } from 'react';
import { hasPrimaryModifier } from '../lib/platform';

export interface GlobalShortcuts {
  /** Ctrl/⌘+L. */
  lock(): void;
  /** Ctrl/⌘+F. */
  focusSearch(): void;
  /** Ctrl/⌘+E: export the selection. */
  exportSelection(): void;
  /** Ctrl/⌘+Shift+S: a link to the selection, copied. Not Ctrl/⌘+S: browsers and users read that as "save". */
  shareSelection(): void;
}

/** Window-wide shortcuts of the library screen; they work from any control, including text fields. */
export function useGlobalShortcuts(shortcuts: GlobalShortcuts): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!hasPrimaryModifier(event) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (event.shiftKey) {
        if (key === 's') {
          event.preventDefault();
          shortcuts.shareSelection();
        }
        return;
      }
      if (key === 'l') {
        event.preventDefault();
        shortcuts.lock();
      } else if (key === 'f') {
        event.preventDefault();
        shortcuts.focusSearch();
      } else if (key === 'e') {
        event.preventDefault();
        shortcuts.exportSelection();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [shortcuts]);
}
