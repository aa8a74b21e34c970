import { randomBytes } from 'node:crypto';
import { constants, createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { fsyncDir } from '../../fs/atomic';
import { bodySource, isRemoteName, isRemotePrefix, type OpOptions, type PutBody, type RemoteObject, type RemoteObjectInfo, type SyncBackend } from './backend';
import { folderError } from './folder-errors';
import { badNameError, SyncRemoteError, throwIfAborted } from './remote-error';

/**
 * A folder that Dropbox, Google Drive, OneDrive, iCloud, Syncthing or a NAS keeps in sync. Objects are
 * files at their names (`blobs/ab/<name>`). A file is written under a temp name in `.strongroom-tmp/`,
 * fsynced, then published with `link()`, which fails rather than replace an existing file; so a file
 * under an object's name is always complete, and a sync client never uploads a half-written object
 * under its real name. Where hard links are not supported (FAT/exFAT drives, some network mounts) it
 * falls back to `rename()` after an existence check: racy in principle, harmless here because two
 * writers of one name write equivalent content (see backend.ts).
 */
export const FOLDER_TEMP_DIR = '.strongroom-tmp';
/** A temp file this old belongs to a writer that died (or to another device, synced here). */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

export async function openFolderBackend(root: string): Promise<FolderBackend> {
  const abs = path.resolve(root);
  let stat;
  try {
    stat = await fsp.stat(abs);
  } catch (err) {
    throw folderError(err, abs);
  }
  if (!stat.isDirectory()) throw new SyncRemoteError('folder-missing', `the folder ${abs} is missing (it is a file, not a folder)`);
  const backend = new FolderBackend(abs);
  await backend.sweepTemps().catch(() => 0); // best effort: a read-only folder can still be read
  return backend;
}

export class FolderBackend implements SyncBackend {
  readonly root: string;
  readonly description: string;
  /** Folders below the root made or found by this backend: a put skips their mkdir (two failing calls per object). */
  private readonly knownDirs = new Set<string>();

  constructor(root: string) {
    this.root = root;
    this.description = `the folder ${root}`;
  }

  private pathOf(name: string): string {
    if (!isRemoteName(name)) throw badNameError(name);
    return path.join(this.root, ...name.split('/'));
  }

  private exists(name: string): SyncRemoteError {
    return new SyncRemoteError('exists', `${name} already exists in ${this.description}`, { objectName: name });
  }

  async put(name: string, body: PutBody, options?: OpOptions): Promise<void> {
    const finalPath = this.pathOf(name);
    throwIfAborted(options?.signal);
    if (await pathExists(finalPath)) throw this.exists(name);
    try {
      await this.writeAndPublish(name, finalPath, body, options?.signal);
    } catch (err) {
      // A folder this backend knew was removed meanwhile (by hand, or by a sync client): forget what it
      // knew and try once more, making the folders again (never the root: a vanished root stays an error).
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || this.knownDirs.size === 0) throw folderError(err, this.root, name);
      this.knownDirs.clear();
      try {
        await this.writeAndPublish(name, finalPath, body, options?.signal);
      } catch (again) {
        throw folderError(again, this.root, name);
      }
    }
  }

  private async writeAndPublish(name: string, finalPath: string, body: PutBody, signal: AbortSignal | undefined): Promise<void> {
    let temp: string | undefined;
    try {
      const tempDir = await this.ensureDir([FOLDER_TEMP_DIR]);
      temp = path.join(tempDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
      await writeDurably(temp, bodySource(body), signal);
      const dir = await this.ensureDir(name.split('/').slice(0, -1));
      await publish(temp, finalPath, () => this.exists(name));
      await fsyncDir(dir);
    } finally {
      if (temp) await fsp.rm(temp, { force: true }).catch(() => undefined);
    }
  }

  /**
   * Creates folders below the root one level at a time, never the root itself: a sync folder that
   * vanished (an unplugged drive, a renamed Dropbox folder) must be reported, not quietly recreated
   * empty. Each new folder's parent is synced so the entry survives a power cut.
   */
  private async ensureDir(segments: string[]): Promise<string> {
    let dir = this.root;
    for (const segment of segments) {
      const parent = dir;
      dir = path.join(dir, segment);
      if (this.knownDirs.has(dir)) continue;
      try {
        await fsp.mkdir(dir);
        await fsyncDir(parent);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      this.knownDirs.add(dir);
    }
    return dir;
  }

  async get(name: string, options?: OpOptions): Promise<RemoteObject> {
    const file = this.pathOf(name);
    throwIfAborted(options?.signal);
    let handle;
    try {
      handle = await fsp.open(file, constants.O_RDONLY);
      const stat = await handle.stat();
      if (!stat.isFile()) throw new SyncRemoteError('not-found', `${name} is not a file in ${this.description}`, { objectName: name });
      const stream = createReadStream('', { fd: handle, highWaterMark: 256 * 1024 });
      handle = undefined; // the stream owns it now
      return { size: stat.size, body: readBody(stream, this.root, name) };
    } catch (err) {
      await handle?.close();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && (await pathExists(this.root))) {
        throw new SyncRemoteError('not-found', `${name} is not in ${this.description}`, { objectName: name });
      }
      throw folderError(err, this.root, name);
    }
  }

  async *list(prefix: string, options?: OpOptions): AsyncGenerator<RemoteObjectInfo> {
    if (!isRemotePrefix(prefix)) throw badNameError(prefix);
    if (!(await pathExists(this.root))) throw folderError(new Error('missing'), this.root);
    yield* this.walk(prefix, options?.signal);
  }

  private async *walk(prefix: string, signal: AbortSignal | undefined): AsyncGenerator<RemoteObjectInfo> {
    const dir = prefix === '' ? this.root : path.join(this.root, ...prefix.slice(0, -1).split('/'));
    let entries;
    try {
      entries = await fsp.opendir(dir, { bufferSize: 256 });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw folderError(err, this.root);
    }
    for await (const entry of entries) {
      throwIfAborted(signal);
      // Anything outside our name grammar belongs to someone else: conflict copies, sync clients'
      // own files, editors' lock files, our temp folder. Symlinks are not followed.
      if (!isRemoteName(entry.name)) continue;
      const name = prefix + entry.name;
      if (entry.isDirectory()) yield* this.walk(`${name}/`, signal);
      else if (entry.isFile()) {
        const stat = await fsp.stat(path.join(dir, entry.name)).catch(() => null);
        if (stat) yield { name, size: stat.size };
      }
    }
  }

  async delete(name: string): Promise<void> {
    const file = this.pathOf(name);
    try {
      await fsp.rm(file, { force: true });
    } catch (err) {
      throw folderError(err, this.root, name);
    }
  }

  /** Removes temp files older than a day: writers that died, or temps another device's client synced here. */
  async sweepTemps(now = Date.now()): Promise<number> {
    const dir = path.join(this.root, FOLDER_TEMP_DIR);
    let removed = 0;
    for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
      const file = path.join(dir, name);
      const stat = await fsp.lstat(file).catch(() => null);
      if (stat?.isFile() && now - stat.mtimeMs > STALE_TEMP_MS) {
        await fsp.rm(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }
}

async function pathExists(p: string): Promise<boolean> {
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

async function writeDurably(file: string, source: AsyncIterable<Buffer>, signal: AbortSignal | undefined): Promise<void> {
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
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Gives the complete temp file its final name without ever replacing an existing file. */
async function publish(temp: string, finalPath: string, exists: () => Error): Promise<void> {
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

async function* readBody(stream: AsyncIterable<unknown> & { destroy(): void }, root: string, name: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    throw folderError(err, root, name);
  } finally {
    stream.destroy();
  }
}
