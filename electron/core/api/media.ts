import type { MediaKind } from '../../../shared/api/contract';
import { StrongroomError } from '../errors';
import { ID_PATTERN } from '../ids';
import type { Session } from './session';

/**
 * Decrypted renditions for the UI, looked up by version id and kind, never by path: a request can only
 * name a rendition the catalog knows. Bytes are decrypted into memory and handed to the transport.
 */
export async function readMedia(session: Session, kind: MediaKind, versionId: string): Promise<Buffer> {
  if (!ID_PATTERN.test(versionId)) throw new StrongroomError('INVALID_ARGUMENT', 'not a version id');
  const vault = session.requireVault();
  const row = vault.db.prepare('SELECT blob_id FROM derived_blobs WHERE version_id = ? AND kind = ?').get(versionId, kind) as
    | { blob_id: string }
    | undefined;
  if (!row) throw new StrongroomError('NOT_FOUND', `no ${kind} for that version`);
  return vault.blobs.get(row.blob_id);
}
