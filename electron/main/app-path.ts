import path from 'node:path';
import { APP_SCHEME } from '../../shared/api/bridge';
import { APP_HOST } from './app-origin';

/**
 * Maps an `app://strongroom/<path>` request to a file inside `rootDir` (the built renderer), or null.
 * The URL parser already folds `..` and `%2e%2e` segments; encoded separators (`%2f`, `%5c`) and NUL
 * could smuggle more past it, and backslashes (a separator on Windows) and drive-letter colons have no
 * place in our paths, so all of those are refused outright; the final path must still lie inside the root.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') return null;

  // Our build has no file names with encoded separators in them; such a request is probing, not loading.
  if (/%(2f|5c|00)/i.test(url.pathname)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (/[\\\0:]/.test(pathname)) return null;
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return null;
  if (segments.length === 0) segments.push('index.html');

  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}
