/**
 * Whether a link may be handed to the OS browser: https only (no http, file:, custom schemes that
 * launch other apps, or javascript:), and no credentials embedded in the URL.
 */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.hostname !== '';
  } catch {
    return false;
  }
}
