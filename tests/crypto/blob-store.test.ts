import { spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, promises as fsp, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobStore } from '../../electron/core/blobs/blob-store';
import { CHUNK_BYTES } from '../../electron/core/crypto/blob-format';
import { snapshotDir } from '../helpers/fs-snapshot';
import { rejectionOf } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';
import { plaintextChunks } from './blob-helpers';

/** The content-addressed encrypted blob store, on real files in a temp dir. */
function newKeys() {
  return { blobContents: randomBytes(32), blobNames: randomBytes(32) };
}

function newStore(keys = newKeys()): BlobStore {
  return new BlobStore(path.join(makeTempDir('blob-store'), 'blobs'), keys);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function* chunked(data: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield data.subarray(offset, offset + size);
    offset += size;
  }
}

async function listAll(store: BlobStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const id of store.list()) ids.push(id);
  return ids;
}

describe('BlobStore', () => {
  it('put then get returns the exact bytes, with sha256 and size reported', async () => {
    const store = newStore();
    const data = randomBytes(3 * CHUNK_BYTES + 123);
    const put = await store.put(data);
    expect(put).toEqual({ id: put.id, sha256: sha256(data), size: data.length, existed: false });
    expect((await store.get(put.id)).equals(data)).toBe(true);
    expect(await store.verify(put.id)).toBe(sha256(data));
    expect(await listAll(store)).toEqual([put.id]);
  });

  it('identical content is stored once: the second put reports existed and writes nothing', async () => {
    const store = newStore();
    const data = randomBytes(70_000);
    const first = await store.put(data);
    const before = snapshotDir(store.root);
    const again = await store.put(Buffer.from(data));
    expect(again).toEqual({ ...first, existed: true });
    const viaStream = await store.putStream(chunked(data, [1000, 33_333]));
    expect(viaStream).toEqual({ ...first, existed: true });
    const after = snapshotDir(store.root);
    // putStream may leave its (empty) staging folder behind, but no file anywhere changed or appeared.
    delete after['staging/'];
    expect(after).toEqual(before);
    expect(await listAll(store)).toEqual([first.id]);
  });

  it('ids are keyed hashes: not the sha256, different under another name key, the same under another content key', async () => {
    const data = randomBytes(1000);
    const keys = newKeys();
    const a = await newStore(keys).put(data);
    const b = await newStore(newKeys()).put(data);
    const c = await newStore({ blobContents: randomBytes(32), blobNames: keys.blobNames }).put(data);
    expect(a.id).toMatch(/^[0-9a-f]{64}$/);
    expect(a.id).not.toBe(sha256(data));
    expect(b.id).not.toBe(a.id);
    expect(c.id).toBe(a.id);
    // HMAC-SHA256 over the raw 32-byte SHA-256, as documented.
    expect(a.id).toBe(createHmac('sha256', keys.blobNames).update(createHash('sha256').update(data).digest()).digest('hex'));
  });

  it('stores a blob at blobs/<first two hex>/<id>, file mode 0600 in a 0700 shard, encrypted on disk', async () => {
    const store = newStore();
    const data = Buffer.from('PNG-ish '.repeat(5000));
    const { id } = await store.put(data);
    const file = path.join(store.root, id.slice(0, 2), id);
    expect(store.pathFor(id)).toBe(file);
    expect(readdirSync(store.root)).toEqual([id.slice(0, 2)]);
    expect(readdirSync(path.dirname(file))).toEqual([id]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const onDisk = await fsp.readFile(file);
    expect(onDisk.subarray(0, 6).toString('ascii')).toBe('SRBLOB');
    expect(onDisk.includes(Buffer.from('PNG-ish PNG-ish'))).toBe(false);
  });

  it('putStream of a chunked source gives the same id and bytes as put, and leaves no staging file', async () => {
    const data = randomBytes(2 * CHUNK_BYTES + 17);
    const keys = newKeys();
    const store = newStore(keys);
    const streamed = await store.putStream(chunked(data, [1, 65535, 7, 100_000]));
    const id = createHmac('sha256', keys.blobNames).update(createHash('sha256').update(data).digest()).digest('hex');
    expect(streamed).toEqual({ id, sha256: sha256(data), size: data.length, existed: false });
    expect((await store.get(streamed.id)).equals(data)).toBe(true);
    expect(readdirSync(path.join(store.root, 'staging'))).toEqual([]);
    expect(statSync(store.pathFor(streamed.id)).mode & 0o777).toBe(0o600);
    expect((await store.put(data)).existed).toBe(true);
  });

  it('a corrupted stored file makes get, verify and stream fail with BLOB_CORRUPT, streaming only authentic chunks', async () => {
    const store = newStore();
    const data = randomBytes(4 * CHUNK_BYTES);
    const { id } = await store.put(data);
    const file = store.pathFor(id);
    const original = await fsp.readFile(file);
    const damaged = Buffer.from(original);
    const at = 40 + 2 * (CHUNK_BYTES + 16) + 1000; // inside chunk 2
    damaged[at] = damaged[at]! ^ 0x04;
    await fsp.writeFile(file, damaged);
    expect(await rejectionOf(store.get(id))).toMatchObject({ code: 'BLOB_CORRUPT', fault: 'auth-failed', chunk: 2 });
    expect(await rejectionOf(store.verify(id))).toMatchObject({ code: 'BLOB_CORRUPT' });
    const released: Buffer[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const part of store.stream(id)) released.push(Buffer.from(part));
      })(),
    );
    expect(err).toMatchObject({ code: 'BLOB_CORRUPT' });
    expect(released.length).toBeLessThanOrEqual(2);
    released.forEach((part, i) => expect(part.equals(plaintextChunks(data)[i]!)).toBe(true));
    // Truncated to a whole number of chunks: also refused.
    await fsp.writeFile(file, original.subarray(0, 40 + 2 * (CHUNK_BYTES + 16)));
    expect(await rejectionOf(store.get(id))).toMatchObject({ code: 'BLOB_CORRUPT' });
  });

  it('a missing file is BLOB_MISSING, for get, verify and after remove', async () => {
    const store = newStore();
    const absent = 'ab'.repeat(32);
    expect(await rejectionOf(store.get(absent))).toMatchObject({ code: 'BLOB_MISSING' });
    const { id } = await store.put(randomBytes(10));
    await store.remove(id);
    expect(existsSync(store.pathFor(id))).toBe(false);
    expect(await rejectionOf(store.verify(id))).toMatchObject({ code: 'BLOB_MISSING' });
    expect(await store.has(id)).toBe(false);
  });

  it.each(['../x', '../../etc/passwd', 'AB'.repeat(32), 'g'.repeat(64), 'ab'.repeat(31), `${'ab'.repeat(32)}/`, '', `../${'ab'.repeat(31)}`])(
    'pathFor refuses %j',
    async (bad) => {
      const store = newStore();
      expect(() => store.pathFor(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
      expect(await rejectionOf(store.get(bad))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    },
  );

  it("recover() removes dead writers' temp files and keeps the live process's", async () => {
    const store = newStore();
    const { id } = await store.put(randomBytes(100));
    const shard = path.dirname(store.pathFor(id));
    const staging = path.join(store.root, 'staging');
    await fsp.mkdir(staging, { recursive: true });
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    // Preconditions: these pids really are not running.
    for (const pid of [999999, exited]) expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    const dead = [path.join(shard, '.tmp-999999-aa'), path.join(staging, '.tmp-999999-bb'), path.join(shard, `.tmp-${exited}-cc`)];
    const live = [path.join(shard, `.tmp-${process.pid}-aa`), path.join(staging, `.tmp-${process.pid}-bb`)];
    for (const f of [...dead, ...live]) await fsp.writeFile(f, 'partial');
    expect(await listAll(store)).toEqual([id]);
    expect(await store.recover()).toBe(dead.length);
    for (const f of dead) expect(existsSync(f), f).toBe(false);
    for (const f of live) expect(existsSync(f), f).toBe(true);
    expect((await store.get(id)).length).toBe(100);
  });

  it('a putStream whose source fails midway rejects with that error and leaves no temp file or blob', async () => {
    const store = newStore();
    const boom = new Error('source read failed');
    async function* failing(): AsyncGenerator<Buffer> {
      yield randomBytes(CHUNK_BYTES);
      yield randomBytes(CHUNK_BYTES + 5);
      throw boom;
    }
    expect(await rejectionOf(store.putStream(failing()))).toBe(boom);
    expect(readdirSync(path.join(store.root, 'staging'))).toEqual([]);
    expect(await listAll(store)).toEqual([]);
    expect(readdirSync(store.root)).toEqual(['staging']);
  });
});
