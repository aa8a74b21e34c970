import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PutBody, RemoteObjectInfo, SyncBackend } from '../../electron/core/sync/backends/backend';
import { bodyToBuffer } from '../../electron/core/sync/backends/backend';
import { openFolderBackend } from '../../electron/core/sync/backends/folder-backend';
import { RetryingBackend } from '../../electron/core/sync/backends/retrying-backend';
import { readFileSync, writeFileSync } from 'node:fs';
import { sealObject } from '../../electron/core/sync/envelope/envelope';
import { BLOBS_PREFIX, blobRemoteName } from '../../electron/core/sync/remote-names';
import { openBlobObject } from '../../electron/core/sync/transfer/blob-object';
import { transferBlobs } from '../../electron/core/sync/transfer/blob-transfer';
import type { TransferProgress } from '../../electron/core/sync/transfer/transfer-progress';
import { rejectionOf } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';
import { listFilesRecursive, tempFiles } from '../helpers/vault';
import { twoDevices, type Device } from './helpers/devices';
import { startS3rver, type S3rverProcess } from './helpers/s3rver';

let s3: S3rverProcess;
let a: Device;
let b: Device;
let foreign: Device;
const disposers: (() => void)[] = [];
beforeAll(async () => {
  s3 = await startS3rver();
  const pair = await twoDevices();
  [a, b] = pair.devices;
  const other = await twoDevices();
  foreign = other.devices[0];
  disposers.push(pair.dispose, other.dispose);
}, 120_000);
afterAll(async () => {
  for (const d of disposers) d();
  await s3?.stop();
});

/** Counts the puts that reached the storage, per name, and which completed. */
class CountingBackend implements SyncBackend {
  readonly started: string[] = [];
  readonly completed: string[] = [];
  constructor(private readonly inner: SyncBackend) {}
  get description() {
    return this.inner.description;
  }
  async put(name: string, body: PutBody, options?: { signal?: AbortSignal }) {
    this.started.push(name);
    await this.inner.put(name, body, options);
    this.completed.push(name);
  }
  get(name: string, options?: { signal?: AbortSignal }) {
    return this.inner.get(name, options);
  }
  list(prefix: string, options?: { signal?: AbortSignal }): AsyncIterable<RemoteObjectInfo> {
    return this.inner.list(prefix, options);
  }
  delete(name: string) {
    return this.inner.delete(name);
  }
}

async function remoteNames(backend: SyncBackend): Promise<string[]> {
  const out: string[] = [];
  for await (const item of backend.list(BLOBS_PREFIX)) out.push(item.name);
  return out.sort();
}

/** The plaintext of a remote blob object, opened as a download opens it. */
async function openedBlob(d: Device, name: string, bytes: Buffer): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of openBlobObject(d.vault.blobs, d.keys.objects, name, [bytes])) parts.push(p);
  return Buffer.concat(parts);
}

/** Blobs of mixed sizes in device A's store: small, several chunks, and one that needs S3 multipart. */
async function seed(a: Device, large: number): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  for (const size of [0, 100, 70_000, 300_000, 1 << 20, large]) {
    const data = randomBytes(size);
    blobs.set((await a.vault.blobs.put(data)).id, data);
  }
  return blobs;
}

const targets: { label: string; large: number; make: () => Promise<SyncBackend> }[] = [
  { label: 'folder', large: 9 << 20, make: () => openFolderBackend(makeTempDir('sync-target')) },
  { label: 's3rver', large: 20 << 20, make: async () => s3.backend(`xfer-${randomUUID()}`) },
];

describe.each(targets)('blob transfer between two devices through $label', ({ large, make }) => {
  it('uploads what the remote lacks, downloads what the device lacks, verifies it, and a re-run sends nothing', async () => {
    const blobs = await seed(a, large);
    const remote = new RetryingBackend(await make(), { baseDelayMs: 20 });
    const progress: TransferProgress[] = [];
    const up = await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: remote, upload: blobs.keys(), onProgress: (p) => progress.push(p) });
    expect(up).toMatchObject({ uploaded: blobs.size, downloaded: 0, failures: [] });
    const last = progress.at(-1)!;
    expect(last.up).toMatchObject({ done: blobs.size, total: blobs.size });
    expect(last.up.bytesDone).toBe(last.up.bytesTotal);
    expect(progress.every((p) => p.up.bytesDone <= p.up.bytesTotal)).toBe(true);
    expect(await remoteNames(remote)).toEqual([...blobs.keys()].map((id) => blobRemoteName(a.keys.names, id)).sort());

    // (B is shared by the tests of this file: the empty blob, the same in every test, may be there already.)
    let missing = 0;
    for (const id of blobs.keys()) if (!(await b.vault.blobs.has(id))) missing += 1;
    const down = await transferBlobs({ store: b.vault.blobs, keys: b.keys, backend: remote, upload: [], download: blobs.keys() });
    expect(down).toMatchObject({ uploaded: 0, downloaded: missing, failures: [], unavailable: [] });
    expect(down.progress.down.bytesDone).toBe(down.progress.down.bytesTotal);
    for (const [id, data] of blobs) expect((await b.vault.blobs.get(id)).equals(data)).toBe(true);

    const again = [
      await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: remote, upload: blobs.keys() }),
      await transferBlobs({ store: b.vault.blobs, keys: b.keys, backend: remote, upload: [], download: blobs.keys() }),
    ];
    expect(again.map((r) => [r.uploaded, r.downloaded])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('an upload aborted midway resumes without re-sending any object that was complete, and no half object is listed', async () => {
    const blobs = await seed(a, large);
    const raw = await make();
    const counting = new CountingBackend(raw);
    const controller = new AbortController();
    const first = transferBlobs({
      store: a.vault.blobs,
      keys: a.keys,
      backend: counting,
      upload: blobs.keys(),
      concurrency: 2,
      signal: controller.signal,
      // Stop once about half the bytes are out: some objects complete, one or two in the middle.
      onProgress: (p) => {
        if (p.up.bytesDone > p.up.bytesTotal / 2) controller.abort();
      },
    });
    expect(await rejectionOf(first)).toMatchObject({ code: 'CANCELLED' });
    const completeBefore = await remoteNames(raw);
    expect(completeBefore.length).toBeGreaterThan(0);
    expect(completeBefore.length).toBeLessThan(blobs.size);
    // Every listed object is whole and authentic.
    for (const name of completeBefore) await openedBlob(a, name, await bodyToBuffer((await raw.get(name)).body));

    const resumed = new CountingBackend(raw);
    const report = await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: resumed, upload: blobs.keys() });
    expect(report.uploaded).toBe(blobs.size - completeBefore.length);
    expect(resumed.started.filter((n) => completeBefore.includes(n))).toEqual([]);
    expect((await remoteNames(raw)).length).toBe(blobs.size);
  });

  it('a download aborted midway leaves no partial blob; the re-run fetches only the rest', async () => {
    const blobs = await seed(a, large);
    const remote = await make();
    await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: remote, upload: blobs.keys() });
    const controller = new AbortController();
    const first = transferBlobs({
      store: b.vault.blobs,
      keys: b.keys,
      backend: remote,
      upload: [],
      download: blobs.keys(),
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.down.bytesDone > p.down.bytesTotal / 2) controller.abort();
      },
    });
    expect(await rejectionOf(first)).toMatchObject({ code: 'CANCELLED' });
    const have: string[] = [];
    for (const id of blobs.keys()) if (await b.vault.blobs.has(id)) have.push(id);
    expect(have.length).toBeLessThan(blobs.size);
    for (const id of have) expect((await b.vault.blobs.get(id)).equals(blobs.get(id)!)).toBe(true);
    expect(tempFiles(b.dir)).toEqual([]);
    const report = await transferBlobs({ store: b.vault.blobs, keys: b.keys, backend: remote, upload: [], download: blobs.keys() });
    expect(report.downloaded).toBe(blobs.size - have.length);
    for (const [id, data] of blobs) expect((await b.vault.blobs.get(id)).equals(data)).toBe(true);
  });
});

describe('blob transfer: damaged, swapped and foreign objects are reported by name and never stored', () => {
  it('detects a flipped bit, two swapped objects, foreign objects and a well-sealed object with the wrong content', async () => {
    const ids: string[] = [];
    const data: Buffer[] = [];
    for (let i = 0; i < 7; i++) {
      data.push(randomBytes(80_000 + i));
      ids.push((await a.vault.blobs.put(data[i]!)).id);
    }
    const { id: foreignId } = await foreign.vault.blobs.put(data[6]!);
    const root = makeTempDir('sync-tamper');
    const remote = await openFolderBackend(root);
    await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: remote, upload: ids.slice(0, 5) });
    const name = (i: number) => blobRemoteName(a.keys.names, ids[i]!);
    const bytesOf = async (i: number) => bodyToBuffer((await remote.get(name(i))).body);
    const replace = async (i: number, bytes: Buffer) => {
      await remote.delete(name(i)).catch(() => undefined);
      await remote.put(name(i), bytes);
    };
    // 0: a bit flipped in the middle (of the blob file sent as it is); 1 and 2: swapped (each another
    // blob's authentic file under this name); 3: sealed by another vault (old envelope format); 4: an
    // old-format envelope sealed by a device with the key, under 4's name, but holding 5's content;
    // 6: another vault's blob file of the same content.
    const flipped = await bytesOf(0);
    expect(flipped.subarray(0, 6).toString('latin1')).toBe('SRBLOB');
    flipped[flipped.length >> 1]! ^= 0x40;
    const [one, two] = [await bytesOf(1), await bytesOf(2)];
    const wrongContent = await sealObject(a.keys.objects, name(4), data[5]!);
    await replace(0, flipped);
    await replace(1, two);
    await replace(2, one);
    await replace(3, await sealObject(foreign.keys.objects, name(3), data[3]!));
    await replace(4, wrongContent);
    await replace(6, readFileSync(foreign.vault.blobs.pathFor(foreignId)));

    const wanted = [0, 1, 2, 3, 4, 5, 6].map((i) => ids[i]!);
    const report = await transferBlobs({ store: b.vault.blobs, keys: b.keys, backend: remote, upload: [], download: wanted });
    expect(report.downloaded).toBe(0);
    expect(report.unavailable).toEqual([ids[5]]);
    const byName = Object.fromEntries(report.failures.map((f) => [f.objectName, f]));
    expect(Object.keys(byName).sort()).toEqual([0, 1, 2, 3, 4, 6].map(name).sort());
    for (const i of [0, 1, 2, 3, 4, 6]) {
      expect(byName[name(i)]).toMatchObject({ direction: 'down', blobId: ids[i], code: 'SYNC_OBJECT_REJECTED' });
      expect(byName[name(i)]!.message).toContain(name(i));
    }
    for (const i of [0, 3, 6]) expect(byName[name(i)]!.message).toContain('failed authentication');
    // An authentic object of another blob under this blob's name: refused on its content.
    for (const i of [1, 2, 4]) expect(byName[name(i)]!.message).toContain('not the blob its name stands for');
    expect(report.progress.failed).toBe(6);
    for (const i of [0, 1, 2, 3, 4, 6]) expect(await b.vault.blobs.has(ids[i]!)).toBe(false);
    // Not even the content that arrived under the wrong name.
    expect(await b.vault.blobs.has(ids[5]!)).toBe(false);
    expect(await b.vault.blobs.has(ids[1]!)).toBe(false);
    expect(tempFiles(b.dir)).toEqual([]);
  });

  it('an object is the local blob file as it is; a flipped bit in it is refused by name', async () => {
    const plain = randomBytes(200_000);
    const { id } = await a.vault.blobs.put(plain);
    const remote = await openFolderBackend(makeTempDir('sync-verbatim'));
    expect(await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: remote, upload: [id] })).toMatchObject({ uploaded: 1, failures: [] });
    const name = blobRemoteName(a.keys.names, id);
    const object = await bodyToBuffer((await remote.get(name)).body);
    expect(object.equals(readFileSync(a.vault.blobs.pathFor(id)))).toBe(true);
    for (const at of [3, 40, 70_000, object.length - 1]) {
      const bad = Buffer.from(object);
      bad[at]! ^= 0x01;
      await remote.delete(name);
      await remote.put(name, bad);
      const report = await transferBlobs({ store: b.vault.blobs, keys: b.keys, backend: remote, upload: [], download: [id] });
      expect(report.downloaded).toBe(0);
      expect(report.failures).toEqual([expect.objectContaining({ objectName: name, code: 'SYNC_OBJECT_REJECTED', message: expect.stringContaining(name) })]);
      expect(await b.vault.blobs.has(id)).toBe(false);
    }
    expect(tempFiles(b.dir)).toEqual([]);
  });

  it('an old-format (sealed envelope) blob object on the remote is still downloaded', async () => {
    const plain = randomBytes(150_000);
    const { id } = await a.vault.blobs.put(plain);
    const remote = await openFolderBackend(makeTempDir('sync-old-format'));
    const name = blobRemoteName(a.keys.names, id);
    const sealed = await sealObject(a.keys.objects, name, plain);
    expect(sealed.subarray(0, 6).toString('latin1')).toBe('SRSYNC');
    await remote.put(name, sealed);
    const report = await transferBlobs({ store: b.vault.blobs, keys: b.keys, backend: remote, upload: [], download: [id] });
    expect(report).toMatchObject({ downloaded: 1, failures: [] });
    expect((await b.vault.blobs.get(id)).equals(plain)).toBe(true);
    // And A does not send it again: the remote has it.
    expect(await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: remote, upload: [id] })).toMatchObject({ uploaded: 0 });
  });

  it('a damaged local blob is never sent: its upload fails and nothing is published under its name', async () => {
    const { id } = await a.vault.blobs.put(randomBytes(300_000));
    const file = a.vault.blobs.pathFor(id);
    const bytes = readFileSync(file);
    bytes[200_000]! ^= 0x10; // inside a middle chunk: the bytes before it have gone out already
    writeFileSync(file, bytes);
    const root = makeTempDir('sync-damaged-local');
    const remote = await openFolderBackend(root);
    try {
      const report = await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: remote, upload: [id] });
      expect(report.uploaded).toBe(0);
      expect(report.failures).toEqual([expect.objectContaining({ direction: 'up', blobId: id, code: 'BLOB_CORRUPT' })]);
      expect(await remoteNames(remote)).toEqual([]);
      expect(listFilesRecursive(root)).toEqual([]);
    } finally {
      await a.vault.blobs.remove(id);
    }
  });

  it('a wanted blob the remote does not have yet is listed as unavailable, not an error', async () => {
    const { id } = await a.vault.blobs.put(randomBytes(10));
    const remote = await openFolderBackend(makeTempDir('sync-unavailable'));
    const report = await transferBlobs({ store: b.vault.blobs, keys: b.keys, backend: remote, download: [id] });
    expect(report).toMatchObject({ downloaded: 0, failures: [], unavailable: [id] });
  });

  it('storage-wide failures stop the run with the sentence for the user', async () => {
    await a.vault.blobs.put(randomBytes(10));
    const bad = s3.backend('p', { bucket: 'no-such-bucket-here' });
    expect(await rejectionOf(transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: bad }))).toMatchObject({
      fault: 'bucket-missing',
      message: expect.stringContaining('the bucket does not exist'),
    });
  });
});
