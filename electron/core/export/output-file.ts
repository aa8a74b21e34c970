import { numberedName } from '../imaging/file-names';
import { randomBytes } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import { throwIfAborted } from '../cancel';
import { fsyncDir, pidIsAlive } from '../fs/atomic';

/**
 * Writing one exported file into the user's folder: all of it or nothing, and never over an existing
 * file. The bytes go to `.<name>.partial-<pid>-<random>` (0600, exclusive), are fsynced, and only then
 * get their real name. The real name is made with link(), which fails if the name is taken, so a file
 * that appeared meanwhile (another export, the user) is never replaced: the next free name is used.
 * Filesystems without hard links (FAT, some network shares) get a rename after an existence check.
 */
export interface WrittenFile {
  name: string;
  path: string;
  bytes: number;
}

const PARTIAL = /^\..*\.partial-(\d+)-[0-9a-f]{16}$/s;
/** Leaves room for the dot, the suffix and the pid within the usual 255-byte name limit. */
const MAX_TEMP_STEM_BYTES = 180;
const MAX_ATTEMPTS = 1000;
/** link() errors that mean "this filesystem has no hard links", not "the name is taken". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

function cutToBytes(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
}

function tempPathFor(dir: string, name: string): string {
  return path.join(dir, `.${cutToBytes(name, MAX_TEMP_STEM_BYTES)}.partial-${process.pid}-${randomBytes(8).toString('hex')}`);
}


const errno = (err: unknown) => (err as NodeJS.ErrnoException).code;

async function exists(p: string): Promise<boolean> {
  return fsp.lstat(p).then(
    () => true,
    (err: unknown) => {
      if (errno(err) === 'ENOENT') return false;
      throw err;
    },
  );
}

/** Gives the complete temp file its final name without ever replacing a file; returns the name used. */
async function claimName(dir: string, temp: string, name: string): Promise<string> {
  let linkable = true;
  for (let n = 1; n <= MAX_ATTEMPTS; n += 1) {
    const candidate = numberedName(name, n);
    const target = path.join(dir, candidate);
    if (linkable) {
      try {
        await fsp.link(temp, target);
        await fsp.rm(temp, { force: true });
        return candidate;
      } catch (err) {
        if (errno(err) === 'EEXIST') continue;
        if (!NO_HARD_LINKS.has(errno(err) ?? '')) throw err;
        linkable = false;
      }
    }
    if (await exists(target)) continue;
    await fsp.rename(temp, target);
    return candidate;
  }
  throw new Error(`no free name for ${name} after ${MAX_ATTEMPTS} tries`);
}

export async function writeExportFile(dir: string, name: string, data: Buffer, signal?: AbortSignal): Promise<WrittenFile> {
  throwIfAborted(signal, 'the export');
  const temp = tempPathFor(dir, name);
  const handle = await fsp.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  let closed = false;
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    closed = true;
    // The last moment a cancel can still take effect: after this the file exists under its name.
    throwIfAborted(signal, 'the export');
    const used = await claimName(dir, temp, name);
    await fsyncDir(dir);
    return { name: used, path: path.join(dir, used), bytes: data.length };
  } catch (err) {
    if (!closed) await handle.close().catch(() => undefined);
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Removes `.…partial-<pid>-…` files of exports whose process is gone (a crash or a kill mid-write). */
export async function removeStalePartials(dir: string): Promise<number> {
  let removed = 0;
  for (const entry of await fsp.readdir(dir)) {
    const match = PARTIAL.exec(entry);
    if (!match || pidIsAlive(Number(match[1]))) continue;
    await fsp.rm(path.join(dir, entry), { force: true });
    removed += 1;
  }
  return removed;
}
