import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeychainDriver } from '../../electron/core/keys/keychain';
import { S3Backend } from '../../electron/core/sync/backends/s3-backend';
import { keychainCredentialProvider } from '../../electron/core/sync/credential-store';
import { rejectionOf } from '../helpers/rejection';
import { startS3rver, type S3rverProcess } from './helpers/s3rver';

let s3: S3rverProcess;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('S3 backend: errors a user can act on', () => {
  it('wrong credentials: "the bucket refused the credentials"', async () => {
    const b = new S3Backend({ endpoint: s3.endpoint, region: 'us-east-1', bucket: s3.bucket, forcePathStyle: true }, async () => ({
      accessKeyId: 'NOT-A-KEY',
      secretAccessKey: 'nope',
    }));
    try {
      for (const op of [() => b.put('blobs/aa/x', Buffer.from('x')), () => b.get('blobs/aa/x')]) {
        expect(await rejectionOf(op())).toMatchObject({
          code: 'SYNC_REMOTE',
          fault: 'denied',
          retryable: false,
          message: expect.stringContaining('the bucket refused the credentials'),
        });
      }
    } finally {
      b.close();
    }
  });

  it('a bucket that does not exist: "the bucket does not exist"', async () => {
    const b = s3.backend('p', { bucket: 'no-such-bucket-here' });
    expect(await rejectionOf(b.get('blobs/aa/x'))).toMatchObject({ fault: 'bucket-missing', message: expect.stringContaining('the bucket does not exist') });
    const listing = (async () => {
      for await (const _ of b.list('')) void _;
    })();
    expect(await rejectionOf(listing)).toMatchObject({ fault: 'bucket-missing' });
  });

  it('nothing listening: "the endpoint is unreachable", marked retryable', async () => {
    const port = await closedPort();
    const b = s3.backend('p', { endpoint: `http://127.0.0.1:${port}` });
    expect(await rejectionOf(b.get('blobs/aa/x'))).toMatchObject({
      fault: 'unreachable',
      retryable: true,
      message: expect.stringContaining('the endpoint is unreachable'),
    });
  });

  it('credentials missing from the keychain stop the request with a sentence saying so', async () => {
    // A fake keychain that holds nothing (the real one is exercised in credential-store.test.ts).
    const fakeEmptyKeychain: KeychainDriver = {
      name: 'fake-empty',
      description: 'the fake keychain',
      isAvailable: async () => true,
      getSecret: async () => null,
      setSecret: async () => undefined,
      deleteSecret: async () => false,
    };
    const provider = keychainCredentialProvider(fakeEmptyKeychain, 'target-1');
    const b = new S3Backend({ endpoint: s3.endpoint, region: 'us-east-1', bucket: s3.bucket, forcePathStyle: true }, provider);
    try {
      expect(await rejectionOf(b.get('blobs/aa/x'))).toMatchObject({ fault: 'denied', message: expect.stringContaining('connect to the bucket again') });
    } finally {
      b.close();
    }
  });

  it('a prefix keeps objects apart; a malformed prefix is refused up front', async () => {
    const a = s3.backend('shop-a');
    const b = s3.backend('shop-b/');
    await a.put('blobs/aa/same', Buffer.from('a'));
    await b.put('blobs/aa/same', Buffer.from('b'));
    const names = async (x: S3Backend) => {
      const out: string[] = [];
      for await (const item of x.list('')) out.push(item.name);
      return out;
    };
    expect(await names(a)).toEqual(['blobs/aa/same']);
    expect(await names(b)).toEqual(['blobs/aa/same']);
    expect(() => s3.backend('Shop A')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
