import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../electron/core/api/index';
import { createCore } from '../../electron/core/index';
import type { ApiMethod } from '../../shared/api/contract';
import type { SyncStatus } from '../../shared/api/sync-contract';
import { makeSuiteDir, TEST_PASSPHRASE } from '../helpers/vault';
import { call, failure } from '../helpers/api-dispatch';

/**
 * The sync methods through the real dispatcher: arguments that fail the contract are INVALID_ARGUMENT
 * naming the field (nothing runs), and the methods over a real vault and a real folder target, with
 * `sync.status` events pushed to every transport's subscription.
 */
const s3 = { endpoint: 'https://s3.example.com', region: 'eu-central-1', bucket: 'shop-images', prefix: 'photos/', pathStyle: false, accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret/Key+1' };

let root: string;
let api: Api;
const statuses: SyncStatus[] = [];

beforeAll(async () => {
  root = makeSuiteDir('sync-api');
  api = createApi(createCore({ keychain: null }), { vaultDir: path.join(root, 'vault'), sync: { debounceMs: 100 } });
  api.events.subscribe((event, payload) => {
    if (event === 'sync.status') statuses.push(payload as SyncStatus);
  });
});

afterAll(async () => {
  await api.session.lock();
  rmSync(root, { recursive: true, force: true });
});

async function idle(): Promise<SyncStatus> {
  const end = Date.now() + 20_000;
  for (;;) {
    const status = await call(api, 'sync.status', {});
    if (status.state !== 'syncing') return status;
    if (Date.now() > end) throw new Error('still syncing after 20 s');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('sync contract: bad arguments are refused by name before anything runs', () => {
  const cases: [ApiMethod, unknown, RegExp][] = [
    ['sync.connectFolder', { path: 'relative/folder' }, /path: the folder must be a full path/],
    ['sync.connectFolder', { path: '' }, /path: choose a folder/],
    ['sync.connectFolder', { path: '/tmp/x', extra: 1 }, /extra|unrecognized/i],
    ['sync.connectS3', { ...s3, bucket: 'Shop_Images' }, /bucket: a bucket name/],
    ['sync.connectS3', { ...s3, prefix: 'photos' }, /prefix: a prefix/],
    ['sync.connectS3', { ...s3, endpoint: 'ftp://x' }, /endpoint: an http\(s\) address/],
    ['sync.connectS3', { ...s3, secretAccessKey: 'with space' }, /secretAccessKey: the secret access key may not contain spaces/],
    ['sync.connectS3', { ...s3, accessKeyId: '' }, /accessKeyId: enter the access key id/],
    ['sync.connectS3', { ...s3, region: '' }, /region: enter the region/],
    ['sync.connectS3', (({ pathStyle: _p, ...rest }) => rest)(s3), /pathStyle/],
    ['sync.renameDevice', { name: '   ' }, /name: enter a name/],
    ['sync.renameDevice', { name: 'x'.repeat(101) }, /name/],
    ['sync.retireDevice', { id: 'not-an-id' }, /id: an id of 12 characters/],
    ['sync.setKeepOriginals', { keep: 'yes' }, /keep/],
    ['sync.now', { force: true }, /force|unrecognized/i],
  ];
  it.each(cases)('%s %j', async (method, args, message) => {
    const error = await failure(api, method, args);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(message);
  });

  it('the secret never appears in a refusal', async () => {
    const error = await failure(api, 'sync.connectS3', { ...s3, bucket: 'x', secretAccessKey: 'TOPSECRETVALUE' });
    expect(error.message).not.toContain('TOPSECRETVALUE');
  });
});

describe('sync methods over a vault and a folder target', () => {
  it('need an unlocked vault', async () => {
    expect((await failure(api, 'sync.status', {})).code).toBe('VAULT_LOCKED');
    expect((await failure(api, 'sync.now', {})).code).toBe('VAULT_LOCKED');
  });

  it('connect, status events, devices, rename, keep originals, review, disconnect', async () => {
    await call(api, 'vault.create', { passphrase: TEST_PASSPHRASE });
    expect(await call(api, 'sync.status', {})).toMatchObject({ state: 'not-connected', target: null, keepOriginals: true, lastSyncAt: null });
    expect((await failure(api, 'sync.now', {})).code).toBe('NOT_FOUND');
    expect((await failure(api, 'sync.connectFolder', { path: path.join(root, 'no-such-folder') })).message).toMatch(/is missing/);
    expect((await call(api, 'sync.status', {})).state).toBe('not-connected');
    // An S3 target needs a keychain to keep its keys: refused here (this API has none).
    expect((await failure(api, 'sync.connectS3', s3)).code).toBe('KEYCHAIN_UNAVAILABLE');

    const folder = path.join(root, 'remote');
    mkdirSync(folder);
    statuses.length = 0;
    const connected = await call(api, 'sync.connectFolder', { path: folder });
    expect(connected).toMatchObject({ state: 'syncing', target: { kind: 'folder', path: folder } });
    const done = await idle();
    expect(done).toMatchObject({ state: 'idle', error: null });
    expect(done.lastSyncAt).toBeGreaterThan(0);
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['syncing', 'idle']));
    expect(statuses.some((s) => s.progress?.phase === 'send')).toBe(true);

    const devices = await call(api, 'sync.devices', {});
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ self: true, retired: false });
    const renamed = await call(api, 'sync.renameDevice', { name: '  Studio Mac  ' });
    expect(renamed[0]!.name).toBe('Studio Mac');
    expect((await call(api, 'sync.status', {})).thisDevice).toEqual({ id: devices[0]!.id, name: 'Studio Mac' });
    expect((await failure(api, 'sync.retireDevice', { id: devices[0]!.id })).message).toMatch(/cannot retire itself/);
    expect((await failure(api, 'sync.retireDevice', { id: '0123456789ab' })).code).toBe('NOT_FOUND');
    // The rename is a local change: the debounced pass sends it.
    await new Promise((r) => setTimeout(r, 300));
    expect((await idle()).pending.opsUp).toBe(0);

    expect((await call(api, 'sync.setKeepOriginals', { keep: false })).keepOriginals).toBe(false);
    expect((await call(api, 'sync.status', {})).keepOriginals).toBe(false);
    expect(await call(api, 'sync.review', {})).toEqual([]);

    await idle();
    const off = await call(api, 'sync.disconnect', {});
    expect(off).toMatchObject({ state: 'not-connected', target: null, lastSyncAt: null });
  });
});
