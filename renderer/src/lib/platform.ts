/** macOS uses ⌘ where other systems use Ctrl; Ctrl-click on a Mac is a right click, not a toggle. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The "command" modifier of this platform (⌘ on macOS, Ctrl elsewhere) is held. */
export function hasPrimaryModifier(event: { metaKey: boolean; ctrlKey: boolean }): boolean {
  return isMac ? event.metaKey : event.ctrlKey;
}

export const PRIMARY_KEY_LABEL = isMac ? '⌘' : 'Ctrl+';
