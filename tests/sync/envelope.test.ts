import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENVELOPE_CHUNK_BYTES, ENVELOPE_HEADER_BYTES, openObject, openStream, sealedSize, sealObject } from '../../electron/core/sync/envelope/envelope';
import { deriveSyncKeys } from '../../electron/core/sync/envelope/sync-keys';
import { blobRemoteName, isBlobRemoteName, opsObjectName, parseOpsObjectName } from '../../electron/core/sync/remote-names';
import { rejectionOf } from '../helpers/rejection';

const keys = deriveSyncKeys(randomBytes(32));
const otherVault = deriveSyncKeys(randomBytes(32));
const NAME = 'blobs/3f/3f00aa';
const C = ENVELOPE_CHUNK_BYTES;

function flip(buf: Buffer, at: number): Buffer {
  const copy = Buffer.from(buf);
  copy[at]! ^= 0x01;
  return copy;
}

describe('sealed objects: round trip', () => {
  it.each([0, 1, C - 1, C, C + 1, 3 * C, 3 * C + 17])('%i bytes: opens to the same bytes; sealed size as documented', async (n) => {
    const plain = randomBytes(n);
    const sealed = await sealObject(keys.objects, NAME, plain);
    expect(sealed.length).toBe(sealedSize(n));
    expect((await openObject(keys.objects, NAME, sealed)).equals(plain)).toBe(true);
  });

  it('opens from a stream cut at arbitrary points, and two seals of the same bytes differ', async () => {
    const plain = randomBytes(2 * C + 5);
    const sealed = await sealObject(keys.objects, NAME, plain);
    expect(sealed.equals(await sealObject(keys.objects, NAME, plain))).toBe(false);
    async function* pieces(): AsyncGenerator<Buffer> {
      for (let i = 0; i < sealed.length; i += 7777) yield sealed.subarray(i, i + 7777);
    }
    const out: Buffer[] = [];
    for await (const part of openStream(keys.objects, NAME, pieces())) out.push(part);
    expect(Buffer.concat(out).equals(plain)).toBe(true);
  });
});

describe('sealed objects: tampering is detected and names the object', () => {
  const plain = randomBytes(2 * C + 100);
  const sealedP = sealObject(keys.objects, NAME, plain);
  const rejected = async (bytes: Buffer, name = NAME, k = keys.objects) => rejectionOf(openObject(k, name, bytes));

  it('a flipped bit anywhere (header salt, first chunk, a tag, the last chunk) fails authentication', async () => {
    const sealed = await sealedP;
    for (const at of [10, ENVELOPE_HEADER_BYTES + 3, ENVELOPE_HEADER_BYTES + C + 5, sealed.length - 1]) {
      const err = await rejected(flip(sealed, at));
      expect(err).toMatchObject({ code: 'SYNC_OBJECT_REJECTED', fault: 'auth-failed', objectName: NAME });
      expect((err as Error).message).toContain(NAME);
    }
  });

  it('a changed version byte or magic is refused as such', async () => {
    const sealed = await sealedP;
    expect(await rejected(flip(sealed, 6))).toMatchObject({ fault: 'unsupported-version', objectName: NAME });
    expect(await rejected(flip(sealed, 0))).toMatchObject({ fault: 'bad-magic', objectName: NAME });
  });

  it('truncation at a chunk boundary, inside a chunk, inside the header, or to nothing is detected', async () => {
    const sealed = await sealedP;
    const firstRecordEnd = ENVELOPE_HEADER_BYTES + C + 16;
    expect(await rejected(sealed.subarray(0, firstRecordEnd))).toMatchObject({ fault: 'auth-failed', objectName: NAME, chunk: 0 });
    expect(await rejected(sealed.subarray(0, firstRecordEnd + 1000))).toMatchObject({ fault: 'auth-failed', chunk: 1 });
    expect(await rejected(sealed.subarray(0, firstRecordEnd + 5))).toMatchObject({ fault: 'truncated', chunk: 1 });
    expect(await rejected(sealed.subarray(0, 20))).toMatchObject({ fault: 'truncated', objectName: NAME });
    expect(await rejected(Buffer.alloc(0))).toMatchObject({ fault: 'truncated' });
  });

  it('appended bytes are detected', async () => {
    const sealed = await sealedP;
    expect(await rejected(Buffer.concat([sealed, Buffer.from([0])]))).toMatchObject({ fault: 'auth-failed' });
  });

  it('two objects swapped (each stored under the other one\'s name) both fail', async () => {
    const a = await sealObject(keys.objects, 'ops/device01/0000000000000001', Buffer.from('batch one'));
    const b = await sealObject(keys.objects, 'ops/device01/0000000000000002', Buffer.from('batch two'));
    expect(await rejected(a, 'ops/device01/0000000000000002')).toMatchObject({ fault: 'auth-failed', objectName: 'ops/device01/0000000000000002' });
    expect(await rejected(b, 'ops/device01/0000000000000001')).toMatchObject({ fault: 'auth-failed', objectName: 'ops/device01/0000000000000001' });
  });

  it('a wrong key, an object from another vault, and a foreign file are all refused', async () => {
    const sealed = await sealedP;
    expect(await rejected(sealed, NAME, otherVault.objects)).toMatchObject({ fault: 'auth-failed', objectName: NAME });
    const foreignSealed = await sealObject(otherVault.objects, NAME, Buffer.from('not yours'));
    expect(await rejected(foreignSealed)).toMatchObject({ fault: 'auth-failed', objectName: NAME });
    expect(await rejected(randomBytes(5000))).toMatchObject({ fault: 'bad-magic', objectName: NAME });
    expect(await rejected(Buffer.from('<html><body>This file is only available online in Dropbox</body></html>'))).toMatchObject({ fault: 'bad-magic' });
  });

  it('a stream hands out nothing unverified: a damaged chunk stops it before that chunk', async () => {
    const sealed = flip(await sealedP, ENVELOPE_HEADER_BYTES + C + 16 + 10); // inside chunk 1
    const got: Buffer[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const part of openStream(keys.objects, NAME, [sealed])) got.push(part);
      })(),
    );
    expect(err).toMatchObject({ fault: 'auth-failed', chunk: 1 });
    expect(got).toHaveLength(1);
    expect(got[0]!.equals(plain.subarray(0, C))).toBe(true);
  });
});

describe('remote names', () => {
  it('blob names are keyed: per vault, never the vault id or the content hash, and recognised by shape', () => {
    const id = 'ab'.repeat(32);
    const name = blobRemoteName(keys.names, id);
    expect(isBlobRemoteName(name)).toBe(true);
    expect(name).not.toContain(id);
    expect(blobRemoteName(otherVault.names, id)).not.toBe(name);
    expect(blobRemoteName(keys.names, id)).toBe(name);
    expect(isBlobRemoteName('blobs/00/' + 'ab'.repeat(32))).toBe(false);
    expect(() => blobRemoteName(keys.names, 'not-an-id')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('ops names: device and zero-padded sequence, sorting in sequence order; anything else parses as null', () => {
    expect(opsObjectName('device01', 42)).toBe('ops/device01/0000000000000042');
    expect(parseOpsObjectName('ops/device01/0000000000000042')).toEqual({ deviceId: 'device01', seq: 42 });
    expect(opsObjectName('device01', 9) < opsObjectName('device01', 10)).toBe(true);
    for (const bad of ['ops/device01/42', 'ops/device01/0000000000000042-laptop', 'ops/DEVICE01/0000000000000042', 'ops/dev/0000000000000001']) {
      expect(parseOpsObjectName(bad)).toBeNull();
    }
    expect(() => opsObjectName('device01', -1)).toThrow();
    expect(() => opsObjectName('Device 1', 1)).toThrow();
  });
});
