import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deriveSyncKeys, type SyncKeys } from '../../../electron/core/sync/envelope/sync-keys';
import { Vault } from '../../../electron/core/vault/vault';
import { TEST_PASSPHRASE } from '../../helpers/vault';

export interface Device {
  vault: Vault;
  dir: string;
  keys: SyncKeys;
}

/**
 * Two devices of ONE vault (same master key), as a join will make them: the vault is created on the
 * first, and its header and (empty) catalog copied to a second folder before any blob exists. Each then
 * opens on its own, with its own blob store. scrypt makes this cost seconds on a busy machine, so a
 * test file makes its devices once (beforeAll) and calls dispose() in afterAll.
 */
export async function twoDevices(): Promise<{ devices: [Device, Device]; dispose(): void }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'strongroom-sync-devices-'));
  const dirA = path.join(root, 'a');
  const dirB = path.join(root, 'b');
  const created = await Vault.create(dirA, { passphrase: TEST_PASSPHRASE, keychain: null });
  created.vault.close();
  mkdirSync(path.join(dirB, 'blobs'), { recursive: true });
  for (const f of ['vault.json', 'catalog.db']) copyFileSync(path.join(dirA, f), path.join(dirB, f));
  const open = async (dir: string): Promise<Device> => {
    const vault = await Vault.open(dir, { kind: 'passphrase', passphrase: TEST_PASSPHRASE }, null);
    const syncKey = vault.syncKey();
    const keys = deriveSyncKeys(syncKey);
    syncKey.fill(0);
    return { vault, dir, keys };
  };
  const devices: [Device, Device] = [await open(dirA), await open(dirB)];
  return {
    devices,
    dispose() {
      for (const d of devices) d.vault.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
