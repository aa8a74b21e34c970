import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiArgs } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { SyncDevice, SyncStatus } from '../../shared/api/sync-contract';
import { installTransport } from '../../renderer/src/api';
import { checkFolder, checkS3, EMPTY_S3_DRAFT } from '../../renderer/src/lib/sync-form';
import { lastSyncText, pendingText, phaseLabel } from '../../renderer/src/lib/sync-labels';
import { connectStores } from '../../renderer/src/stores/connect-stores';
import { dropDecryptedState } from '../../renderer/src/stores/drop-decrypted-state';
import { useSync } from '../../renderer/src/stores/sync-store';
import { useVault } from '../../renderer/src/stores/vault-store';
import { idFor } from './helpers/assets';
import { fakeTransport, settle, type FakeTransport } from './helpers/fake-transport';

/** The Sync screen's store, its form checks (the contract's schemas) and its words, over a fake transport. */
function status(change: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'idle',
    target: { kind: 'folder', path: '/mnt/nas/shop' },
    thisDevice: { id: idFor(1), name: 'Studio' },
    keepOriginals: true,
    lastSyncAt: 1_000,
    nextAttemptAt: null,
    pending: { opsUp: 0, up: { count: 0, bytes: 0 }, down: { count: 0, bytes: 0 } },
    progress: null,
    error: null,
    problems: [],
    problemCount: 0,
    revision: 1,
    ...change,
  };
}
const devices: SyncDevice[] = [
  { id: idFor(1), name: 'Studio', self: true, lastSeen: null, retired: false },
  { id: idFor(2), name: 'Laptop', self: false, lastSeen: 500, retired: false },
];

describe('sync form checks (the contract’s schemas, before any call)', () => {
  it('a folder must be a full path', () => {
    expect(checkFolder('photos/sync')).toEqual({ errors: { path: expect.stringMatching(/full path/) } });
    expect(checkFolder('  ')).toEqual({ errors: { path: 'Choose a folder.' } });
    expect(checkFolder(' /mnt/nas/shop ')).toEqual({ path: '/mnt/nas/shop' });
    expect(checkFolder('C:\\Users\\me\\Dropbox')).toEqual({ path: 'C:\\Users\\me\\Dropbox' });
  });

  it('S3: every field’s problem at once; a prefix gains its slash; an empty endpoint is AWS', () => {
    const bad = checkS3({ ...EMPTY_S3_DRAFT, bucket: 'No_Such', region: '', accessKeyId: '', secretAccessKey: 'has space' });
    expect('errors' in bad && Object.keys(bad.errors).sort()).toEqual(['accessKeyId', 'bucket', 'region', 'secretAccessKey']);
    const good = checkS3({ ...EMPTY_S3_DRAFT, bucket: 'shop-images', prefix: '/photos', accessKeyId: 'AKIA', secretAccessKey: 'abc/def+1' });
    expect(good).toEqual({ input: { endpoint: null, region: 'us-east-1', bucket: 'shop-images', prefix: 'photos/', pathStyle: false, accessKeyId: 'AKIA', secretAccessKey: 'abc/def+1' } });
  });
});

describe('sync words', () => {
  it('pending, progress and the last sync read as sentences', () => {
    expect(pendingText(status())).toBe('Nothing waiting');
    expect(pendingText(status({ pending: { opsUp: 3, up: { count: 1, bytes: 2_500_000 }, down: { count: 2, bytes: 0 } } }))).toBe(
      '3 changes to send, 1 image to upload (2.5 MB), 2 images to download',
    );
    expect(phaseLabel({ phase: 'blobs', done: 2, total: 5, bytesDone: 1_000_000, bytesTotal: 4_000_000 })).toBe('Moving images: 2 of 5, 1 MB of 4 MB');
    expect(phaseLabel({ phase: 'header', done: 0, total: 0, bytesDone: 0, bytesTotal: 0 })).toBe('Checking the storage');
    expect(lastSyncText(status({ lastSyncAt: null }))).toBe('Not synced yet');
  });
});

describe('sync store with a fake transport', () => {
  let transport: FakeTransport;
  beforeEach(() => {
    useSync.getState().reset();
    transport = fakeTransport({
      'sync.status': () => status(),
      'sync.devices': () => devices,
      'sync.review': () => [],
      'sync.connectFolder': (args: ApiArgs<'sync.connectFolder'>) => status({ state: 'syncing', target: { kind: 'folder', path: args.path } }),
      'sync.retireDevice': (args: ApiArgs<'sync.retireDevice'>) => devices.map((d) => (d.id === args.id ? { ...d, retired: true } : d)),
    });
    installTransport(transport);
  });

  it('loads the status and the details; a connect answers with the new status', async () => {
    await useSync.getState().load();
    await useSync.getState().loadDetails();
    expect(useSync.getState()).toMatchObject({ status: { state: 'idle' }, devices });
    expect(await useSync.getState().connectFolder('/mnt/usb/vault-sync')).toBe(true);
    expect(useSync.getState().status).toMatchObject({ state: 'syncing', target: { path: '/mnt/usb/vault-sync' } });
  });

  it('a refused connect keeps the engine’s sentence for the form', async () => {
    transport.setHandler('sync.connectFolder', () => {
      throw new ApiError('SYNC_REMOTE', 'the folder /mnt/ro is not writable (EACCES)');
    });
    expect(await useSync.getState().connectFolder('/mnt/ro')).toBe(false);
    expect(useSync.getState().actionError).toBe('The folder /mnt/ro is not writable (EACCES).');
  });

  it('the answer to Sync now that arrives after the event of its finished pass does not put the status back to syncing', async () => {
    const teardown = connectStores();
    try {
      useVault.setState({ vault: { state: 'unlocked', dir: '/v', vaultId: 'x', idleLockMinutes: 15, unlock: { passphrase: true, recoveryKey: true, keychain: false } } });
      await useSync.getState().load();
      let answer: (status: SyncStatus) => void = () => undefined;
      transport.setHandler('sync.now', () => new Promise<SyncStatus>((resolve) => (answer = resolve)));
      const pressed = useSync.getState().syncNow();
      await settle();
      transport.emit('sync.status', status({ state: 'idle', lastSyncAt: 3_000, revision: 3 }));
      answer(status({ state: 'syncing', revision: 2 }));
      expect(await pressed).toBe(true);
      expect(useSync.getState().status).toMatchObject({ state: 'idle', lastSyncAt: 3_000 });
    } finally {
      teardown();
    }
  });

  it('retiring answers with the new list', async () => {
    await useSync.getState().retireDevice(idFor(2));
    expect(useSync.getState().devices.find((d) => d.id === idFor(2))?.retired).toBe(true);
  });

  it('sync.status events update the store while unlocked; a finished pass refreshes the device list; locking forgets it all', async () => {
    const teardown = connectStores();
    try {
      useVault.setState({ vault: { state: 'unlocked', dir: '/v', vaultId: 'x', idleLockMinutes: 15, unlock: { passphrase: true, recoveryKey: true, keychain: false } } });
      await useSync.getState().load();
      await useSync.getState().loadDetails();
      const before = transport.calls.filter((c) => c.method === 'sync.devices').length;
      transport.emit('sync.status', status({ state: 'syncing', progress: { phase: 'send', done: 1, total: 2, bytesDone: 10, bytesTotal: 0 } }));
      expect(useSync.getState().status?.state).toBe('syncing');
      transport.emit('sync.status', status({ lastSyncAt: 2_000 }));
      await settle();
      expect(transport.calls.filter((c) => c.method === 'sync.devices').length).toBe(before + 1);
      dropDecryptedState();
      expect(useSync.getState()).toMatchObject({ status: null, devices: [], review: [] });
    } finally {
      teardown();
    }
  });
});
