import { randomBytes } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * Durable, all-or-nothing file creation: write to an exclusive temp file in the target folder, fsync it,
 * rename it over the final name, then fsync the folder so the rename itself survives a power cut.
 * Temp names carry the writer's pid so recovery can tell a dead writer's leftovers from a live one's.
 */
export const TEMP_PREFIX = '.tmp-';

export function tempNameFor(dir: string): string {
  return path.join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(8).toString('hex')}`);
}

async function fsyncOpened(p: string, flags: number): Promise<void> {
  const handle = await fsp.open(p, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function fsyncDir(dir: string): Promise<void> {
  return fsyncOpened(dir, constants.O_RDONLY);
}

/** Opened for writing, not reading: Windows flushes only a handle with write access. */
export function fsyncFile(file: string): Promise<void> {
  return fsyncOpened(file, constants.O_WRONLY);
}

export interface TempFile {
  readonly path: string;
  write(chunks: Buffer[]): Promise<void>;
  /** fsync, rename to `finalPath`, fsync the folder. */
  commit(finalPath: string): Promise<void>;
  /** Remove the temp file (after a failure or when it turned out not to be needed). */
  discard(): Promise<void>;
}

export async function createTempFile(dir: string): Promise<TempFile> {
  const tempPath = tempNameFor(dir);
  const handle = await fsp.open(tempPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      await handle.close();
    }
  };
  return {
    path: tempPath,
    async write(chunks) {
      if (chunks.length) await handle.writev(chunks);
    },
    async commit(finalPath) {
      await handle.sync();
      await close();
      await fsp.rename(tempPath, finalPath);
      await fsyncDir(path.dirname(finalPath));
    },
    async discard() {
      await close().catch(() => undefined);
      await fsp.rm(tempPath, { force: true });
    },
  };
}

export async function writeFileAtomic(finalPath: string, data: Buffer | string): Promise<void> {
  const temp = await createTempFile(path.dirname(finalPath));
  try {
    await temp.write([typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);
    await temp.commit(finalPath);
  } catch (err) {
    await temp.discard();
    throw err;
  }
}

export function pidIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temp files left by writers that are no longer running: these are the remains of a crash. */
export function isStaleTempName(name: string): boolean {
  if (!name.startsWith(TEMP_PREFIX)) return false;
  const pid = Number(name.slice(TEMP_PREFIX.length).split('-')[0]);
  return !Number.isInteger(pid) || !pidIsAlive(pid);
}

/** Removes stale temp files in `dir` (not recursive). Returns how many were removed. */
export async function removeStaleTemps(dir: string): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  for (const name of names) {
    if (isStaleTempName(name)) {
      await fsp.rm(path.join(dir, name), { force: true });
      removed += 1;
    }
  }
  return removed;
}
