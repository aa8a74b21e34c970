import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bodyToBuffer, type SyncBackend } from '../../../electron/core/sync/backends/backend';
import { rejectionOf } from '../../helpers/rejection';

/** Everything the sync layers above rely on, checked the same way for every backend. */
export interface ContractTarget {
  /** A fresh, empty backend for one test. */
  make(): Promise<SyncBackend>;
  /** Bytes large enough to need a multipart upload where the backend has one. */
  largeBytes: number;
}

async function names(backend: SyncBackend, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const item of backend.list(prefix)) out.push(item.name);
  return out.sort();
}

async function* slowly(data: Buffer, piece: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += piece) {
    yield data.subarray(i, i + piece);
    await new Promise((r) => setImmediate(r));
  }
}

export function backendContract(label: string, target: ContractTarget): void {
  describe(`${label}: backend contract`, () => {
    it('puts a new object, gets it back byte for byte, and lists it with its size', async () => {
      const b = await target.make();
      const data = randomBytes(1000);
      await b.put('ops/abcdefgh/0000000000000001', data);
      const got = await b.get('ops/abcdefgh/0000000000000001');
      expect(got.size).toBe(1000);
      expect((await bodyToBuffer(got.body)).equals(data)).toBe(true);
      const listed: { name: string; size: number }[] = [];
      for await (const item of b.list('ops/')) listed.push(item);
      expect(listed).toEqual([{ name: 'ops/abcdefgh/0000000000000001', size: 1000 }]);
    });

    it('never overwrites: a second put of a name is refused as "exists" and the first object stays', async () => {
      const b = await target.make();
      await b.put('blobs/aa/first', Buffer.from('one'));
      const err = await rejectionOf(b.put('blobs/aa/first', Buffer.from('two')));
      expect(err).toMatchObject({ code: 'SYNC_REMOTE', fault: 'exists', objectName: 'blobs/aa/first' });
      expect((await bodyToBuffer((await b.get('blobs/aa/first')).body)).toString()).toBe('one');
    });

    it('get of a missing object is "not-found", naming it', async () => {
      const b = await target.make();
      expect(await rejectionOf(b.get('blobs/aa/nothing'))).toMatchObject({ fault: 'not-found', objectName: 'blobs/aa/nothing' });
    });

    it('lists by prefix, across many objects (paged), and only complete objects of its own name grammar', async () => {
      const b = await target.make();
      const want: string[] = [];
      for (let i = 0; i < 23; i++) {
        const name = `blobs/${(i % 3).toString().padStart(2, '0')}/obj-${i}`;
        want.push(name);
        await b.put(name, Buffer.from(String(i)));
      }
      await b.put('ops/devicea1/0000000000000000', Buffer.from('x'));
      expect(await names(b, 'blobs/')).toEqual(want.sort());
      expect(await names(b, 'blobs/01/')).toEqual(want.filter((n) => n.startsWith('blobs/01/')).sort());
      expect(await names(b, 'ops/')).toEqual(['ops/devicea1/0000000000000000']);
      expect(await names(b, 'nothing-here/')).toEqual([]);
      expect((await names(b, '')).length).toBe(24);
    });

    it('delete removes an object; deleting a missing one is not an error', async () => {
      const b = await target.make();
      await b.put('blobs/aa/gone', Buffer.from('x'));
      await b.delete('blobs/aa/gone');
      await b.delete('blobs/aa/gone');
      expect(await names(b, 'blobs/')).toEqual([]);
      expect(await rejectionOf(b.get('blobs/aa/gone'))).toMatchObject({ fault: 'not-found' });
    });

    it('refuses names outside the grammar (dots, spaces, capitals, "..") on every call', async () => {
      const b = await target.make();
      for (const bad of ['../escape', 'blobs/../x', 'Blobs/x', 'blobs/a b', 'blobs/x.tmp', '/abs', 'blobs//x', '']) {
        expect(await rejectionOf(b.put(bad, Buffer.from('x')))).toMatchObject({ fault: 'bad-name' });
        expect(await rejectionOf(b.get(bad))).toMatchObject({ fault: 'bad-name' });
      }
      expect(await rejectionOf(names(b, 'blobs'))).toMatchObject({ fault: 'bad-name' });
    });

    it('a large streamed object (multipart where the backend has it) round-trips; an empty one too', async () => {
      const b = await target.make();
      const data = randomBytes(target.largeBytes);
      await b.put('blobs/bb/large', () => slowly(data, 1 << 20));
      const got = await b.get('blobs/bb/large');
      expect(got.size).toBe(data.length);
      expect((await bodyToBuffer(got.body)).equals(data)).toBe(true);
      await b.put('blobs/bb/empty', () => slowly(Buffer.alloc(0), 1));
      expect((await bodyToBuffer((await b.get('blobs/bb/empty')).body)).length).toBe(0);
    });

    it('a put aborted or failing midway leaves no object behind, and the name stays free', async () => {
      const b = await target.make();
      const data = randomBytes(target.largeBytes);
      const controller = new AbortController();
      async function* abortingHalfway(): AsyncGenerator<Buffer> {
        for await (const piece of slowly(data, 1 << 20)) {
          yield piece;
          if (!controller.signal.aborted) controller.abort();
        }
      }
      expect(await rejectionOf(b.put('blobs/cc/aborted', abortingHalfway, { signal: controller.signal }))).toMatchObject({ code: 'CANCELLED' });
      async function* failing(): AsyncGenerator<Buffer> {
        yield data.subarray(0, 1 << 20);
        throw new Error('the source broke');
      }
      expect(await rejectionOf(b.put('blobs/cc/failed', failing))).toBeInstanceOf(Error);
      expect(await names(b, 'blobs/')).toEqual([]);
      expect(await rejectionOf(b.get('blobs/cc/aborted'))).toMatchObject({ fault: 'not-found' });
      await b.put('blobs/cc/aborted', data);
      expect((await bodyToBuffer((await b.get('blobs/cc/aborted')).body)).equals(data)).toBe(true);
    });
  });
}
