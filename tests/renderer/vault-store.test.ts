import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import type { VaultState } from '../../shared/api/schemas';
import { installTransport } from '../../renderer/src/api';
import { connectStores } from '../../renderer/src/stores/connect-stores';
import { useDetail } from '../../renderer/src/stores/detail-store';
import { useIngest } from '../../renderer/src/stores/ingest-store';
import { useLibrary } from '../../renderer/src/stores/library-store';
import { useSelection } from '../../renderer/src/stores/selection-store';
import { useTags } from '../../renderer/src/stores/tags-store';
import { useVault } from '../../renderer/src/stores/vault-store';
import { detail, idFor, listHandler } from './helpers/assets';
import { fakeTransport, settle, type FakeTransport } from './helpers/fake-transport';

const state = (s: VaultState['state'], keychain = false): VaultState => ({
  state: s,
  dir: '/home/me/vault',
  vaultId: s === 'none' ? null : 'vault-1',
  unlock: s === 'none' ? null : { passphrase: true, recoveryKey: true, keychain },
  idleLockMinutes: 15,
});

describe('vault store with a fake transport', () => {
  let transport: FakeTransport;
  let disconnect: () => void = () => undefined;

  beforeEach(async () => {
    disconnect();
    transport = fakeTransport({
      'vault.state': () => state('unlocked'),
      'vault.lock': () => state('locked'),
      'assets.list': listHandler(50) as never,
      'assets.get': () => detail(3),
      'tags.list': () => [{ name: 'mugs', count: 3 }],
    });
    installTransport(transport);
    disconnect = connectStores();
    useVault.setState({ vault: null, recoveryKey: null, connection: 'starting' });
    await useVault.getState().refresh();
  });

  async function fillStores() {
    useLibrary.getState().showRange(0, 40);
    await useTags.getState().refresh();
    await useSelection.getState().click(3, idFor(3), { shift: false, toggle: false });
    await settle();
  }

  it('lock drops everything decrypted the UI held', async () => {
    await fillStores();
    expect(useLibrary.getState().cache.total).toBe(50);
    expect(useDetail.getState().detail?.id).toBe(idFor(3));
    expect(useTags.getState().tags).toHaveLength(1);

    await useVault.getState().lock();
    expect(useVault.getState().vault?.state).toBe('locked');
    expect(useLibrary.getState().cache.pages.size).toBe(0);
    expect(useLibrary.getState().cache.total).toBeNull();
    expect(useSelection.getState().selected.size).toBe(0);
    expect(useDetail.getState().detail).toBeNull();
    expect(useTags.getState().tags).toHaveLength(0);
    expect(useIngest.getState().jobs).toHaveLength(0);
  });

  it('an answer that arrives after the lock does not refill a store', async () => {
    let answer: (tags: unknown) => void = () => undefined;
    transport.setHandler('tags.list', () => new Promise((resolve) => (answer = resolve)));
    const refreshing = useTags.getState().refresh();
    await settle();
    await useVault.getState().lock();
    answer([{ name: 'secret-campaign', count: 1 }]);
    await refreshing;
    expect(useTags.getState().tags).toHaveLength(0);
  });

  it('clears the UI even when the engine cannot be told', async () => {
    await fillStores();
    transport.setHandler('vault.lock', () => {
      throw new ApiError('INTERNAL', 'x');
    });
    await useVault.getState().lock();
    expect(useVault.getState().vault?.state).toBe('locked');
    expect(useLibrary.getState().cache.pages.size).toBe(0);
  });

  it('a vault.changed event from the idle timer locks the UI too', async () => {
    await fillStores();
    transport.emit('vault.changed', state('locked'));
    expect(useVault.getState().vault?.state).toBe('locked');
    expect(useDetail.getState().detail).toBeNull();
    expect(useLibrary.getState().cache.pages.size).toBe(0);
  });

  it('keeps the recovery key only until it is acknowledged', async () => {
    transport.setHandler('vault.create', () => ({ recoveryKey: 'ABCDE-FGHJK', state: state('unlocked') }));
    await useVault.getState().create('kettle-spruce-harbor');
    expect(useVault.getState().recoveryKey).toBe('ABCDE-FGHJK');
    useVault.getState().acknowledgeRecoveryKey();
    expect(useVault.getState().recoveryKey).toBeNull();
  });

  it('tries the keychain once per launch, silently, and not again after a lock', async () => {
    let attempts = 0;
    transport.setHandler('vault.unlock', () => {
      attempts++;
      throw new ApiError('KEYCHAIN_EMPTY', 'no key');
    });
    useVault.getState().applyState(state('locked', true));
    await useVault.getState().tryKeychainOnce();
    await useVault.getState().tryKeychainOnce();
    expect(attempts).toBe(1);
    expect(useVault.getState().vault?.state).toBe('locked');
    expect(useVault.getState().keychainPending).toBe(false);
  });

  it('recognises an unsigned browser tab and an unreachable engine', async () => {
    transport.setHandler('vault.state', () => {
      throw new ApiError('UNAUTHORIZED', 'no session');
    });
    await useVault.getState().refresh();
    expect(useVault.getState().connection).toBe('unauthorized');
    installTransport({ ...transport, call: () => Promise.reject(new TypeError('Failed to fetch')) });
    await useVault.getState().refresh();
    expect(useVault.getState().connection).toBe('unreachable');
  });
});
