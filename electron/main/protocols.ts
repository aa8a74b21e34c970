import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_SCHEME, MEDIA_SCHEME } from '../../shared/api/bridge';
import type { MediaKind } from '../../shared/api/contract';
import { isStrongroomError } from '../core/errors';
import { appResponseHeaders, MEDIA_RESPONSE_HEADERS } from './csp';
import { resolveAppFile } from './app-path';
import { parseMediaUrl } from './media-url';
import { contentTypeFor } from './mime';

/**
 * Must run before `app` is ready. Both schemes are standard (real origins, relative URLs) and secure
 * (no mixed-content downgrade); neither bypasses CSP. app:// gets fetch, CORS and the V8 code cache
 * that a page origin needs; media only needs to be loadable by <img> and fetch.
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const status = (code: number) => new Response(null, { status: code, headers: { 'cache-control': 'no-store' } });

async function readAppFile(rendererDir: string, file: string): Promise<{ file: string; body: Buffer } | null> {
  try {
    return { file, body: await readFile(file) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Client-side routes have no extension and no file: they get the app's page (SPA fallback).
    if ((code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') && path.extname(file) === '') {
      const index = path.join(rendererDir, 'index.html');
      return { file: index, body: await readFile(index) };
    }
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw err;
  }
}

/** Serves the built renderer from `rendererDir` (read with fs: no file:// URL is ever loaded). */
export function registerAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return status(405);
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return status(404);
    const found = await readAppFile(rendererDir, file).catch(() => null);
    if (!found) return status(404);
    return new Response(request.method === 'HEAD' ? null : found.body, { status: 200, headers: appResponseHeaders(contentTypeFor(found.file)) });
  });
}

function mediaErrorStatus(err: unknown): number {
  if (isStrongroomError(err, 'VAULT_LOCKED')) return 403;
  if (isStrongroomError(err, 'NOT_FOUND') || isStrongroomError(err, 'INVALID_ARGUMENT')) return 404;
  return 500;
}

/**
 * Decrypted renditions by version id: `strongroom-media://thumb/<versionId>`. The bytes are decrypted
 * in memory by the engine and handed straight to the page; nothing is written to disk.
 */
export function registerMediaProtocol(readMedia: (kind: MediaKind, versionId: string) => Promise<Buffer>): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    if (request.method !== 'GET') return status(405);
    const target = parseMediaUrl(request.url);
    if (!target) return status(400);
    try {
      return new Response(await readMedia(target.kind, target.versionId), { status: 200, headers: MEDIA_RESPONSE_HEADERS });
    } catch (err) {
      return status(mediaErrorStatus(err));
    }
  });
}
