import { existsSync, promises as fsp, realpathSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { StrongroomError } from '../core/errors';
import { contentTypeOf } from './content-types';
import { sendError } from './responses';

/**
 * The built renderer, served as files from one folder. These files are public code and hold no vault
 * data, so they need no session cookie (the page must load before it can trade its token for one);
 * they still pass the Host check like everything else.
 *
 * A request path is decoded once and must name a file that really lies inside the folder after
 * resolving `..` and symlinks. Paths without a dot are the UI's own routes and get index.html; any
 * other unknown path is 404.
 */
export type StaticRoute = (req: IncomingMessage, res: ServerResponse, rawPath: string) => Promise<void>;

type Resolved =
  | { kind: 'file'; file: string }
  | { kind: 'bad-request'; message: string }
  /** `route`: a path without a dot, which the UI may know even though no file has that name. */
  | { kind: 'missing'; route: boolean };

/** The file a raw request path names inside `root`, or why it names none. */
async function resolveInside(root: string, rawPath: string): Promise<Resolved> {
  if (rawPath.includes('\\')) return { kind: 'bad-request', message: 'backslashes are not allowed in paths' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'bad-request', message: 'the path is not validly percent-encoded' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad-request', message: 'the path contains a forbidden character' };
  const missing = { kind: 'missing', route: !decoded.includes('.') } as const;
  const segments = decoded.split('/').slice(1);
  // An empty segment anywhere but the end (`//etc`, `/a//b`) or a `.`/`..` segment is never a real file.
  if (segments.some((s, i) => (s === '' && i < segments.length - 1) || s === '.' || s === '..')) {
    return { kind: 'bad-request', message: 'the path has empty, "." or ".." segments' };
  }
  // Hidden files (.vite/manifest.json and the like) are build bookkeeping, not part of the app.
  if (segments.some((s) => s.startsWith('.'))) return missing;
  const candidate = path.resolve(root, `.${path.sep}${segments.join(path.sep)}`);
  if (!isInside(root, candidate)) return missing;
  const real = await fsp.realpath(candidate).catch(() => null);
  if (real === null || !isInside(root, real)) return missing;
  const stat = await fsp.stat(real).catch(() => null);
  return stat?.isFile() ? { kind: 'file', file: real } : missing;
}

function isInside(root: string, candidate: string): boolean {
  return candidate.startsWith(`${root}${path.sep}`);
}

export function createStaticRoute(rendererDir: string): StaticRoute {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new StrongroomError('NOT_FOUND', `the renderer folder ${rendererDir} has no index.html`);
  }
  const root = realpathSync(rendererDir);
  const indexFile = path.join(root, 'index.html');

  const sendFile = async (res: ServerResponse, file: string) => {
    const body = await fsp.readFile(file);
    res.writeHead(200, {
      'Content-Type': contentTypeOf(file),
      'Content-Length': String(body.length),
      // Revalidate every time: a rebuilt renderer must never mix with a cached index.html.
      'Cache-Control': 'no-cache',
    });
    res.end(body);
  };

  return async (req, res, rawPath) => {
    if (req.method !== 'GET') {
      sendError(res, 405, 'INVALID_ARGUMENT', `${req.method ?? 'this method'} is not allowed here`, { Allow: 'GET' });
      return;
    }
    const resolved = rawPath === '/' ? ({ kind: 'file', file: indexFile } as const) : await resolveInside(root, rawPath);
    if (resolved.kind === 'bad-request') {
      sendError(res, 400, 'INVALID_ARGUMENT', resolved.message);
    } else if (resolved.kind === 'file') {
      await sendFile(res, resolved.file);
    } else if (resolved.route) {
      await sendFile(res, indexFile);
    } else {
      sendError(res, 404, 'NOT_FOUND', 'no such file');
    }
  };
}
