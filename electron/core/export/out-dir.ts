import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import { StrongroomError } from '../errors';

/**
 * Checks the chosen folder before an export starts: it must exist (an export never creates folders the
 * user did not choose, so a typo fails instead of scattering files), be a folder, and be writable.
 * Failing here means nothing was decrypted and nothing written.
 */
export async function checkOutDir(dir: string): Promise<string> {
  if (!path.isAbsolute(dir)) throw new StrongroomError('INVALID_ARGUMENT', `the export folder must be an absolute path, got "${dir}"`);
  const resolved = path.resolve(dir);
  let stat;
  try {
    stat = await fsp.stat(resolved);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new StrongroomError('NOT_FOUND', `the export folder ${resolved} does not exist; create it or choose another`);
    if (code === 'EACCES') throw new StrongroomError('INVALID_ARGUMENT', `the export folder ${resolved} cannot be reached (permission denied)`);
    throw err;
  }
  if (!stat.isDirectory()) throw new StrongroomError('INVALID_ARGUMENT', `${resolved} is not a folder; choose a folder to export into`);
  try {
    await fsp.access(resolved, constants.W_OK | constants.X_OK);
  } catch {
    throw new StrongroomError('INVALID_ARGUMENT', `cannot write to the export folder ${resolved} (permission denied or read-only); choose another folder`);
  }
  return resolved;
}
