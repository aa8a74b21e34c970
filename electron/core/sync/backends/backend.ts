/**
 * Where a vault's sync objects live: a synced folder, an S3-compatible bucket, or memory (tests).
 *
 * The storage is dumb on purpose. Synced folders offer no locks and no conditional writes, and many
 * S3-compatible services (and the test server) do not either, so the design needs neither: every object
 * is written once under a name nobody else writes (blobs are content-addressed, op batches are named by
 * their device and sequence number), and nothing is ever replaced in place. `put` therefore refuses a
 * name that already exists. Where the storage cannot make that check atomic (S3 without conditional
 * writes, a folder without hard links) the check is racy, which is harmless: two writers of one name
 * write equivalent content by construction.
 *
 * Every object is sealed (sync/envelope, or a blob file as the vault stores it) before it reaches a
 * backend; backends move opaque bytes.
 */
export interface RemoteObjectInfo {
  /** The object's name, e.g. `blobs/ab/ab12…` or `ops/<device>/000000000042`. */
  name: string;
  /** Size in bytes as stored. */
  size: number;
}

export interface RemoteObject {
  size: number;
  /** The object's bytes; consume it or call `return()` on its iterator, so its connection is released. */
  body: AsyncIterable<Buffer>;
}

/**
 * What `put` sends: bytes in memory, or a function that starts a fresh stream of them. A function, not
 * a stream, so a retry can send the object again from the start.
 */
export type PutBody = Buffer | (() => AsyncIterable<Buffer>);

export interface OpOptions {
  signal?: AbortSignal;
}

/**
 * A local file stored as an object byte for byte (a blob file: already sealed, see sync/transfer). A
 * storage that can copy files does it in the kernel (`putFile`); any other streams it (`put`).
 */
export interface LocalFileBody {
  /** Only read, never changed or moved. */
  path: string;
  /** The file's bytes for a streaming put; fails the stream if they are not sound. Each call starts again. */
  stream: () => AsyncIterable<Buffer>;
  /**
   * Throws if the copy at `copyPath` is not sound (a damaged source, a bad copy); called before the copy
   * is published, so a failure leaves nothing visible.
   */
  verifyCopy: (copyPath: string) => Promise<void>;
}

export interface SyncBackend {
  /** For messages: "the folder /mnt/nas/shop", "the bucket shop-images at https://…". */
  readonly description: string;
  /** Objects worth moving at once, when the storage knows better than the caller's default (RetryingBackend: its bound). */
  readonly concurrency?: number;
  /**
   * Stores a new object. The object becomes visible only once complete (a folder publishes a finished
   * file, S3 commits a PUT or a multipart upload atomically). A name that exists is refused with
   * `SyncRemoteError` reason `exists`; the existing object is left alone.
   */
  put(name: string, body: PutBody, options?: OpOptions): Promise<void>;
  /**
   * As `put`, from a local file that the storage copies itself (no bytes through JS); only storages that
   * can (a folder). Callers use `putLocalFile`, which falls back to streaming.
   */
  putFile?(name: string, file: LocalFileBody, options?: OpOptions): Promise<void>;
  /** The object's bytes; a missing object is `SyncRemoteError` reason `not-found`. */
  get(name: string, options?: OpOptions): Promise<RemoteObject>;
  /**
   * Every complete object whose name starts with `prefix` (empty, or ending in `/`), in no particular
   * order, fetched page by page. Files other tools leave in a synced folder are not listed.
   */
  list(prefix: string, options?: OpOptions): AsyncIterable<RemoteObjectInfo>;
  /** Removes an object; removing a missing one is not an error (a second device may have done it). */
  delete(name: string, options?: OpOptions): Promise<void>;
}

/**
 * The names this project writes: lowercase ASCII letters, digits, `_` and `-` in segments joined by
 * `/`. No dots, spaces, brackets or capitals, so every file a sync client or editor leaves behind
 * ("x (conflicted copy).tmp", ".dropbox", "~$x", "desktop.ini", "Thumbs.db") is outside the grammar and
 * case-insensitive file systems cannot merge two of our names.
 */
const NAME_RE = /^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/;
const MAX_NAME_LENGTH = 512;

export function isRemoteName(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && NAME_RE.test(name);
}

export function isRemotePrefix(prefix: string): boolean {
  return prefix === '' || (prefix.endsWith('/') && isRemoteName(prefix.slice(0, -1)));
}

/** Stores a local file as an object: copied by the storage where it can, streamed where it cannot. */
export function putLocalFile(backend: SyncBackend, name: string, file: LocalFileBody, options?: OpOptions): Promise<void> {
  return backend.putFile ? backend.putFile(name, file, options) : backend.put(name, file.stream, options);
}

export async function bodyToBuffer(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts);
}

export function bodySource(body: PutBody): AsyncIterable<Buffer> {
  if (typeof body === 'function') return body();
  return (async function* one() {
    yield body;
  })();
}
