import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobCorruptError } from '../../electron/core/crypto/blob-format';
import { bodyToBuffer, type LocalFileBody, type SyncBackend } from '../../electron/core/sync/backends/backend';
import { FOLDER_TEMP_DIR, openFolderBackend } from '../../electron/core/sync/backends/folder-backend';
import { RetryingBackend } from '../../electron/core/sync/backends/retrying-backend';
import { BLOBS_PREFIX, blobRemoteName } from '../../electron/core/sync/remote-names';
import { transferBlobs } from '../../electron/core/sync/transfer/blob-transfer';
import { rejectionOf } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';
import { listFilesRecursive } from '../helpers/vault';
import { twoDevices, type Device } from './helpers/devices';

/**
 * The folder's kernel-copy path (putFile): blob files copied by copyFile, verified in the verifier
 * thread, published by group commit. Real vaults, real files, real crypto.
 */
let a: Device;
let b: Device;
let dispose: () => void;
beforeAll(async () => {
  const pair = await twoDevices();
  [a, b] = pair.devices;
  dispose = pair.dispose;
}, 120_000);
afterAll(() => dispose?.());

/** The same folder without putFile: what S3 and memory do, streaming the file through JS. */
function streamingOnly(inner: SyncBackend): SyncBackend {
  return {
    description: inner.description,
    put: (name, body, options) => inner.put(name, body, options),
    get: (name, options) => inner.get(name, options),
    list: (prefix, options) => inner.list(prefix, options),
    delete: (name, options) => inner.delete(name, options),
  };
}

async function objects(backend: SyncBackend): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const item of backend.list(BLOBS_PREFIX)) out.set(item.name, await bodyToBuffer((await backend.get(item.name)).body));
  return out;
}

function digests(objects: Map<string, Buffer>): [string, string][] {
  return [...objects].map(([name, bytes]): [string, string] => [name, createHash('sha256').update(bytes).digest('hex')]).sort(([x], [y]) => x.localeCompare(y));
}

function localFile(d: Device, id: string): LocalFileBody {
  return { path: d.vault.blobs.pathFor(id), stream: () => d.vault.blobs.fileStream(id), verifyCopy: (copy) => d.vault.blobs.verifyFile(copy) };
}

function tempsLeft(root: string): string[] {
  try {
    return readdirSync(path.join(root, FOLDER_TEMP_DIR));
  } catch {
    return [];
  }
}

describe('folder target: blob files copied by the kernel', () => {
  it('publishes objects byte-identical to the streamed path, and the other device downloads, verifies and stores them', async () => {
    const plain = new Map<string, Buffer>();
    for (const size of [0, 1, 65536, 65537, 700_000, 3 << 20]) {
      const data = randomBytes(size);
      plain.set((await a.vault.blobs.put(data)).id, data);
    }
    const ids = [...plain.keys()];
    const copied = new RetryingBackend(await openFolderBackend(makeTempDir('sync-copied')));
    const streamedRaw = await openFolderBackend(makeTempDir('sync-streamed'));
    expect(copied.putFile).toBeDefined();
    expect(await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: copied, upload: ids })).toMatchObject({ uploaded: ids.length, failures: [] });
    expect(await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: streamingOnly(streamedRaw), upload: ids })).toMatchObject({ uploaded: ids.length, failures: [] });
    const viaCopy = await objects(copied);
    expect([...viaCopy.keys()].sort()).toEqual(ids.map((id) => blobRemoteName(a.keys.names, id)).sort());
    // Digests, not buffers: a deep equality of megabytes, byte by byte, would take minutes.
    expect(digests(viaCopy)).toEqual(digests(await objects(streamedRaw)));
    for (const id of ids) expect(viaCopy.get(blobRemoteName(a.keys.names, id))!.equals(readFileSync(a.vault.blobs.pathFor(id)))).toBe(true);

    const down = await transferBlobs({ store: b.vault.blobs, keys: b.keys, backend: copied, upload: [], download: ids });
    expect(down).toMatchObject({ downloaded: ids.length, failures: [] });
    for (const [id, data] of plain) expect((await b.vault.blobs.get(id)).equals(data)).toBe(true);
  });

  it('a corrupted local blob file is refused by name and not published; the sound ones of the same group are', async () => {
    const root = makeTempDir('sync-copy-corrupt');
    const folder = await openFolderBackend(root);
    const sound = await Promise.all([1, 2, 3].map(async () => (await a.vault.blobs.put(randomBytes(150_000))).id));
    const { id: damagedId } = await a.vault.blobs.put(randomBytes(300_000));
    const file = a.vault.blobs.pathFor(damagedId);
    const bytes = readFileSync(file);
    bytes[bytes.length - 3]! ^= 0x20; // in the last chunk: everything before it is sound
    writeFileSync(file, bytes);
    try {
      const names = [...sound, damagedId].map((id) => blobRemoteName(a.keys.names, id));
      // All at once, so they meet in one group commit.
      const results = await Promise.allSettled([...sound, damagedId].map((id, i) => folder.putFile(names[i]!, localFile(a, id))));
      expect(results.slice(0, 3).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const refused = results[3]!;
      expect(refused.status).toBe('rejected');
      expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(BlobCorruptError);
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ fault: 'auth-failed' });
      expect([...(await objects(folder)).keys()].sort()).toEqual(names.slice(0, 3).sort());
      expect(tempsLeft(root)).toEqual([]);

      const report = await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: folder, upload: [damagedId] });
      expect(report.failures).toEqual([expect.objectContaining({ direction: 'up', blobId: damagedId, objectName: names[3], code: 'BLOB_CORRUPT' })]);
      expect(listFilesRecursive(root).filter((f) => f.includes(names[3]!.split('/').pop()!))).toEqual([]);
    } finally {
      await a.vault.blobs.remove(damagedId);
    }
  });

  it('an interrupted copy leaves nothing visible: aborted after the copy, or failing its verification, no object and no temp', async () => {
    const root = makeTempDir('sync-copy-interrupted');
    const folder = await openFolderBackend(root);
    const { id } = await a.vault.blobs.put(randomBytes(500_000));
    const name = blobRemoteName(a.keys.names, id);
    const stop = new AbortController();
    const abortingCopy: LocalFileBody = {
      ...localFile(a, id),
      verifyCopy: async (copy) => {
        stop.abort();
        await a.vault.blobs.verifyFile(copy);
      },
    };
    // The abort lands while the copy is being checked: the put stops before anything is published.
    expect(await rejectionOf(folder.putFile(name, abortingCopy, { signal: stop.signal }))).toMatchObject({ fault: 'aborted' });
    const failing: LocalFileBody = { ...localFile(a, id), verifyCopy: async () => Promise.reject(new BlobCorruptError('truncated', 'blob ends inside chunk 3', 3)) };
    expect(await rejectionOf(folder.putFile(name, failing))).toMatchObject({ code: 'BLOB_CORRUPT', fault: 'truncated' });
    expect((await objects(folder)).size).toBe(0);
    expect(tempsLeft(root)).toEqual([]);
    // A killed writer's half copy under the temp name is not an object, and the next put publishes the whole file.
    writeFileSync(path.join(root, FOLDER_TEMP_DIR, `${process.pid + 1}-deadbeefdeadbeef`), readFileSync(a.vault.blobs.pathFor(id)).subarray(0, 70_000));
    await folder.putFile(name, localFile(a, id));
    expect((await objects(folder)).get(name)!.equals(readFileSync(a.vault.blobs.pathFor(id)))).toBe(true);
  });

  it('a transfer stopped midway resumes without copying again any object that was complete, and lists no half object', async () => {
    const root = makeTempDir('sync-copy-resume');
    const folder = await openFolderBackend(root);
    const ids = await Promise.all(Array.from({ length: 8 }, async () => (await a.vault.blobs.put(randomBytes(400_000))).id));
    const copiedNames: string[] = [];
    const stop = new AbortController();
    // Counts the copies that completed; stops the transfer once three have.
    const counting = (inner: typeof folder, onDone: (name: string) => void): SyncBackend => ({
      ...streamingOnly(inner),
      putFile: async (name, file, options) => {
        await inner.putFile(name, file, options);
        onDone(name);
      },
    });
    const first = counting(folder, (name) => {
      copiedNames.push(name);
      if (copiedNames.length === 3) stop.abort();
    });
    expect(await rejectionOf(transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: first, upload: ids, concurrency: 2, signal: stop.signal }))).toMatchObject({ fault: 'aborted' });
    const listed = [...(await objects(folder)).keys()];
    expect(listed.length).toBeGreaterThanOrEqual(3);
    for (const name of listed) {
      const id = ids.find((i) => blobRemoteName(a.keys.names, i) === name)!;
      expect((await objects(folder)).get(name)!.equals(readFileSync(a.vault.blobs.pathFor(id)))).toBe(true);
    }
    const again: string[] = [];
    const report = await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: counting(folder, (name) => again.push(name)), upload: ids });
    expect(report).toMatchObject({ uploaded: ids.length - listed.length, failures: [] });
    expect(again.filter((name) => listed.includes(name))).toEqual([]);
    expect((await objects(folder)).size).toBe(ids.length);
  });

  it('a name that exists is refused, whichever path wrote it, and the object is left as it was', async () => {
    const folder = await openFolderBackend(makeTempDir('sync-copy-exists'));
    const { id } = await a.vault.blobs.put(randomBytes(80_000));
    const name = blobRemoteName(a.keys.names, id);
    await folder.put(name, Buffer.from('first'));
    expect(await rejectionOf(folder.putFile(name, localFile(a, id)))).toMatchObject({ fault: 'exists' });
    const racing = await Promise.allSettled([0, 1, 2].map(() => folder.putFile(`${name}x`, localFile(a, id))));
    expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await objects(folder)).get(name)!.toString()).toBe('first');
  });
});
