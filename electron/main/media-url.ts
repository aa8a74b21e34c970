import { MEDIA_SCHEME } from '../../shared/api/bridge';
import { mediaKinds, type MediaKind } from '../../shared/api/contract';
import { idSchema } from '../../shared/api/schemas';

export interface MediaTarget {
  kind: MediaKind;
  versionId: string;
}

/**
 * Parses `strongroom-media://<kind>/<versionId>`. Kind and id are checked against the same lists and
 * patterns the API contract uses, so a request can only name a rendition by id, never a path; anything
 * extra (query, fragment, more segments, credentials, port) is refused rather than ignored.
 */
export function parseMediaUrl(raw: string): MediaTarget | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${MEDIA_SCHEME}:`) return null;
  if (url.username || url.password || url.port || url.search || url.hash) return null;
  const kind = mediaKinds.find((k) => k === url.host);
  if (!kind) return null;
  const match = /^\/([^/]+)$/.exec(url.pathname);
  const versionId = match?.[1];
  if (versionId === undefined || !idSchema.safeParse(versionId).success) return null;
  return { kind, versionId };
}
