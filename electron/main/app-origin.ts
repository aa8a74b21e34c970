import { APP_SCHEME } from '../../shared/api/bridge';

/**
 * The one origin Strongroom's pages load from. A fixed host gives the renderer a stable origin, so its
 * storage, the CSP's 'self' and the trusted-sender check all key on the same string.
 */
export const APP_HOST = 'strongroom';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL_PREFIX = `${APP_ORIGIN}/`;
export const APP_ENTRY_URL = `${APP_URL_PREFIX}index.html`;

/**
 * True for URLs on our origin. The prefix test alone already rules out look-alikes such as
 * `app://strongroom.evil/` or `app://strongroom@evil/`; parsing as well rejects anything malformed.
 */
export function isAppUrl(url: string): boolean {
  if (!url.startsWith(APP_URL_PREFIX)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
