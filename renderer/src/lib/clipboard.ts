/**
 * Puts text on the clipboard. Browsers refuse when the page lacks focus or permission (and an insecure
 * origin has no clipboard API at all): the caller then shows the text selected for copying by hand.
 */
export async function copyText(text: string): Promise<boolean> {
  const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
  if (!clipboard?.writeText) return false;
  try {
    await clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
