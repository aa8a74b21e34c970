import { constants, createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { fsyncDir, fsyncFile } from '../../fs/atomic';
import { bodySource, isRemoteName, isRemotePrefix, type LocalFileBody, type OpOptions, type PutBody, type RemoteObject, type RemoteObjectInfo, type SyncBackend } from './backend';
import { folderError } from './folder-errors';
import { pathExists, publish, readBody, writeFile } from './folder-files';
import { newTempName, sweepTemps } from './folder-temps';
import { GroupCommit } from './group-commit';
import { badNameError, SyncRemoteError, throwIfAborted } from './remote-error';

/**
 * A folder that Dropbox, Google Drive, OneDrive, iCloud, Syncthing or a NAS keeps in sync. Objects are
 * files at their names (`blobs/ab/<name>`). A file is written under a temp name in `.strongroom-tmp/`,
 * fsynced, then published with `link()`, which fails rather than replace an existing file; so a file
 * under an object's name is always complete, and a sync client never uploads a half-written object
 * under its real name. Where hard links are not supported (FAT/exFAT drives, some network mounts) it
 * falls back to `rename()` after an existence check: racy in principle, harmless here because two
 * writers of one name write equivalent content (see backend.ts).
 *
 * Durability is by group commit (group-commit.ts): the puts whose temp files are filled while one
 * commit runs are made durable together by the next: their files fsynced at once, linked, and every
 * folder that gained an entry fsynced once. A put returns after that last fsync, never before.
 */
export const FOLDER_TEMP_DIR = '.strongroom-tmp';
/** Objects made durable by one group commit at most: bounds the temp files waiting and a put's wait. */
const MAX_COMMIT_GROUP = 64;

/** Fills a temp file; `checked` settles once its content is known sound (a copy's verification). */
type TempFill = (temp: string) => Promise<{ checked: Promise<void> }>;

interface WaitingPublish {
  name: string;
  temp: string;
  finalPath: string;
  checked: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export async function openFolderBackend(root: string): Promise<FolderBackend> {
  const abs = path.resolve(root);
  let stat;
  try {
    stat = await fsp.stat(abs);
  } catch (err) {
    throw folderError(err, abs);
  }
  if (!stat.isDirectory()) throw new SyncRemoteError('folder-missing', `the folder ${abs} is missing (it is a file, not a folder)`);
  // Abandoned temp files (folder-temps.ts) go first; best effort: a read-only folder can still be read.
  await sweepTemps(path.join(abs, FOLDER_TEMP_DIR)).catch(() => 0);
  return new FolderBackend(abs);
}

export class FolderBackend implements SyncBackend {
  readonly root: string;
  readonly description: string;
  /** Folders below the root made or found by this backend: a put skips their mkdir (two failing calls per object). */
  private readonly knownDirs = new Set<string>();
  private readonly commits = new GroupCommit<WaitingPublish>((group) => this.commitGroup(group), MAX_COMMIT_GROUP);

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
    await this.store(
      name,
      async (temp) => {
        await writeFile(temp, bodySource(body), options?.signal);
        return { checked: Promise.resolve() };
      },
      options?.signal,
    );
  }

  /**
   * The file is copied into the temp name by the kernel (`copyFile`: copy_file_range or sendfile in
   * libuv's thread pool, no bytes through JS); the copy is verified while it waits for its group
   * commit, and only a verified copy is published. A verification failure is thrown as it is (the
   * caller's fault, not the folder's).
   */
  async putFile(name: string, file: LocalFileBody, options?: OpOptions): Promise<void> {
    let refused: unknown;
    const fill = async (temp: string) => {
      // A clone where the file system can (APFS, btrfs, XFS: a target on the vault's volume costs no data
      // written), a kernel copy elsewhere.
      await fsp.copyFile(file.path, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
      throwIfAborted(options?.signal);
      const checked = file.verifyCopy(temp).catch((err: unknown) => {
        throw (refused = err);
      });
      checked.catch(() => undefined); // awaited by the commit; handled here so an early failure is not "unhandled"
      return { checked };
    };
    try {
      await this.store(name, fill, options?.signal);
    } catch (err) {
      throw refused ?? err;
    }
  }

  /** Fills a temp file with `fill`, then has it published durably under the name by a group commit. */
  private async store(name: string, fill: TempFill, signal: AbortSignal | undefined): Promise<void> {
    const finalPath = this.pathOf(name);
    throwIfAborted(signal);
    if (await pathExists(finalPath)) throw this.exists(name);
    try {
      await this.fillAndPublish(name, finalPath, fill, signal);
    } catch (err) {
      // A folder this backend knew was removed meanwhile (by hand, or by a sync client): forget what it
      // knew and try once more, making the folders again (never the root: a vanished root stays an error).
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || this.knownDirs.size === 0) throw folderError(err, this.root, name);
      this.knownDirs.clear();
      try {
        await this.fillAndPublish(name, finalPath, fill, signal);
      } catch (again) {
        throw folderError(again, this.root, name);
      }
    }
  }

  private async fillAndPublish(name: string, finalPath: string, fill: TempFill, signal: AbortSignal | undefined): Promise<void> {
    let temp: string | undefined;
    try {
      const tempDir = await this.ensureDir([FOLDER_TEMP_DIR]);
      temp = path.join(tempDir, newTempName());
      const { checked } = await fill(temp);
      // Stopped while filling: the temp file goes, nothing is published.
      throwIfAborted(signal);
      const filled = temp;
      await new Promise<void>((resolve, reject) => this.commits.add({ name, temp: filled, finalPath, checked, resolve, reject }));
    } finally {
      // unlink, not rm: rm lstats first, one more thread-pool round trip per object. A temp already gone is fine.
      if (temp) await fsp.unlink(temp).catch(() => undefined);
    }
  }

  /**
   * Makes a group of filled temp files durable and visible: each is fsynced (all at once, so the file
   * system commits them together) and its check awaited; each sound one is linked under its name; then
   * every folder that gained an entry is fsynced once. A put returns only after the fsync of its folder,
   * and nothing is visible under an object's name before its bytes are durable.
   */
  private async commitGroup(group: WaitingPublish[]): Promise<void> {
    const contents = await Promise.allSettled(group.map((item) => Promise.all([fsyncFile(item.temp), item.checked])));
    const dirty = new Set<string>();
    const linked: WaitingPublish[] = [];
    await Promise.all(
      group.map(async (item, i) => {
        const content = contents[i]!;
        if (content.status === 'rejected') return item.reject(content.reason);
        try {
          const dir = await this.ensureDir(item.name.split('/').slice(0, -1), dirty);
          await publish(item.temp, item.finalPath, () => this.exists(item.name));
          dirty.add(dir);
          linked.push(item);
        } catch (err) {
          item.reject(err);
        }
      }),
    );
    const synced = await Promise.allSettled([...dirty].map((dir) => fsyncDir(dir)));
    const failed = synced.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const item of linked) {
      if (failed) item.reject(failed.reason);
      else item.resolve();
    }
  }

  /**
   * Creates folders below the root one level at a time, never the root itself: a sync folder that
   * vanished (an unplugged drive, a renamed Dropbox folder) must be reported, not quietly recreated
   * empty. Each new folder's parent is synced so the entry survives a power cut: at once, or, given
   * `dirty`, by the caller's group commit, which fsyncs every folder put there.
   */
  private async ensureDir(segments: string[], dirty?: Set<string>): Promise<string> {
    let dir = this.root;
    for (const segment of segments) {
      const parent = dir;
      dir = path.join(dir, segment);
      if (this.knownDirs.has(dir)) continue;
      try {
        await fsp.mkdir(dir);
        if (dirty) dirty.add(parent);
        else await fsyncDir(parent);
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
}
