import { existsSync } from 'node:fs';
import { SyncRemoteError } from './remote-error';

/**
 * File system errors of a sync folder, turned into what the user can act on. A missing root is named
 * as such whatever the call was (a drive unplugged mid-sync fails with ENOENT deep inside it).
 */
export function folderError(err: unknown, root: string, objectName?: string): SyncRemoteError {
  if (err instanceof SyncRemoteError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const opts = { objectName, cause: err };
  if (!existsSync(root)) return new SyncRemoteError('folder-missing', `the folder ${root} is missing`, opts);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new SyncRemoteError('not-writable', `the folder ${root} is not writable (${code})`, opts);
    case 'ENOSPC':
    case 'EDQUOT':
      return new SyncRemoteError('not-writable', `the folder ${root} is not writable: the disk is full`, opts);
    case 'ENOTDIR':
      return new SyncRemoteError('folder-missing', `the folder ${root} is missing (something there is not a folder)`, opts);
    case 'ETIMEDOUT':
      // Network mounts (SMB, NFS) time out like a server would; worth retrying.
      return new SyncRemoteError('timeout', `the folder ${root} did not answer in time`, opts);
    case 'EIO':
    case 'EBUSY':
    case 'EAGAIN':
      return new SyncRemoteError('server', `the folder ${root} failed (${code}); will retry`, opts);
    default:
      return new SyncRemoteError('rejected', `the folder ${root} failed: ${(err as Error).message}`, opts);
  }
}
