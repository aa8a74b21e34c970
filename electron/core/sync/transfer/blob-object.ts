import type { BlobStore } from '../../blobs/blob-store';
import { BLOB_MAGIC, BlobCorruptError } from '../../crypto/blob-format';
import { openStream } from '../envelope/envelope';
import { SyncObjectError } from '../envelope/object-error';

/**
 * A blob's remote object (docs/vault-format.md, "Sync: remote objects"), in one of two formats told
 * apart by their magic:
 *
 * - `SRBLOB`: the local blob file exactly as a device stored it (what every device uploads now). It is
 *   opened with the vault's content key, which every device of the vault derives from the shared master
 *   key; each chunk is authenticated before it is released. Nothing in it names the object: what binds
 *   it to its name is the caller's `putStream(…, { expectId })`, which stores it only if its content
 *   hashes to the blob asked for (a swapped or foreign object fails that, or the key before it).
 * - `SRSYNC`: the sealed envelope (sync objects key, bound to the remote name) that earlier versions
 *   uploaded; still read, so existing targets keep working.
 *
 * Yields authenticated plaintext only; any fault is a SyncObjectError naming the object.
 */
export async function* openBlobObject(
  store: BlobStore,
  objectsKey: Buffer,
  name: string,
  body: AsyncIterable<Buffer> | Iterable<Buffer>,
): AsyncGenerator<Buffer> {
  const iterator =
    Symbol.asyncIterator in body
      ? body[Symbol.asyncIterator]()
      : (async function* () {
          yield* body;
        })();
  // Enough bytes to read the magic (or the whole object, if it is shorter).
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < BLOB_MAGIC.length) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  async function* whole(): AsyncGenerator<Buffer> {
    yield* head;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const first = head.length === 1 ? head[0]! : Buffer.concat(head, headBytes);
  try {
    if (headBytes < BLOB_MAGIC.length || !first.subarray(0, BLOB_MAGIC.length).equals(BLOB_MAGIC)) {
      // The old sealed envelope, or nothing of ours (openStream reports bad-magic or truncated by name).
      yield* openStream(objectsKey, name, whole());
    } else {
      yield* store.openFileBytes(whole());
    }
  } catch (err) {
    if (err instanceof BlobCorruptError) {
      const detail =
        err.fault === 'auth-failed'
          ? `chunk ${err.chunk} failed authentication (the object was altered, truncated, or written by another vault)`
          : err.fault === 'truncated'
            ? `it ends early (${err.message})`
            : err.message;
      throw new SyncObjectError(name, err.fault, detail, err.chunk);
    }
    throw err;
  } finally {
    await iterator.return?.();
  }
}
