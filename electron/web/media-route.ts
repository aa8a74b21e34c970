import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaKinds, type MediaKind } from '../../shared/api/contract';
import { ID_PATTERN } from '../core/ids';
import { httpFailureOf, INTERNAL_FAILURE } from './error-status';
import { CLOSE_CONNECTION, sendError } from './responses';

const MEDIA_PATH = /^\/media\/([^/]*)\/([^/]*)$/;

const isMediaKind = (value: string): value is MediaKind => (mediaKinds as readonly string[]).includes(value);

/**
 * GET /media/<kind>/<versionId> → the decrypted JPEG rendition. The raw path is matched against the
 * exact shapes first (a known kind, a 12-character id) without decoding anything, so no request can
 * name a file: only a rendition the catalog knows is ever read.
 */
export function createMediaRoute(readMedia: (kind: MediaKind, versionId: string) => Promise<Buffer>, log: (message: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> => {
    if (req.method !== 'GET') {
      sendError(res, 405, 'INVALID_ARGUMENT', 'media is read with GET', { Allow: 'GET', ...CLOSE_CONNECTION });
      return;
    }
    const match = MEDIA_PATH.exec(rawPath);
    const kind = match?.[1];
    const versionId = match?.[2];
    if (kind === undefined || versionId === undefined || !isMediaKind(kind)) {
      sendError(res, 404, 'NOT_FOUND', `media paths are /media/<${mediaKinds.join('|')}>/<version id>`);
      return;
    }
    if (!ID_PATTERN.test(versionId)) {
      sendError(res, 400, 'INVALID_ARGUMENT', 'not a version id (12 characters of 0-9 and lowercase letters)');
      return;
    }
    let bytes: Buffer;
    try {
      bytes = await readMedia(kind, versionId);
    } catch (err) {
      const failure = httpFailureOf(err) ?? INTERNAL_FAILURE;
      if (failure === INTERNAL_FAILURE) log(`reading ${kind} of ${versionId} failed: ${(err as Error)?.stack ?? String(err)}`);
      sendError(res, failure.status, failure.code, failure.message);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': String(bytes.length), 'Cache-Control': 'no-store' });
    res.end(bytes);
  };
}
