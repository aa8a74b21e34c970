import { constants, promises as fsp } from 'node:fs';
import { folderError } from './folder-errors';
import { throwIfAborted } from './remote-error';

/** The file operations under the folder backend's publish discipline (folder-backend.ts). */
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

export async function pathExists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Pieces are gathered up to this size and written with one writev: one thread-pool round trip per MiB, not per 64 KiB chunk. */
const WRITE_BATCH_BYTES = 1 << 20;

/** Writes a new file; not fsynced here: the group commit that publishes it does that (folder-backend.ts). */
export async function writeFile(file: string, source: AsyncIterable<Buffer>, signal: AbortSignal | undefined): Promise<void> {
  const handle = await fsp.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const pieces = pending;
      pending = [];
      pendingBytes = 0;
      await handle.writev(pieces);
    };
    for await (const chunk of source) {
      throwIfAborted(signal);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= WRITE_BATCH_BYTES) await flush();
    }
    await flush();
    throwIfAborted(signal);
  } finally {
    await handle.close();
  }
}

/** Gives the complete temp file its final name without ever replacing an existing file. */
export async function publish(temp: string, finalPath: string, exists: () => Error): Promise<void> {
  try {
    await fsp.link(temp, finalPath);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw exists();
    if (!LINK_UNSUPPORTED.has(code)) throw err;
  }
  if (await pathExists(finalPath)) throw exists();
  await fsp.rename(temp, finalPath);
}

export async function* readBody(stream: AsyncIterable<unknown> & { destroy(): void }, root: string, name: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    throw folderError(err, root, name);
  } finally {
    stream.destroy();
  }
}
