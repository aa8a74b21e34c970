import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { StrongroomError } from '../core/errors';
import { writeFileAtomic } from '../core/fs/atomic';
import type { KeychainDriver } from '../core/keys/keychain';

/** The parts of Electron's `safeStorage` the driver uses; injected so tests can pass a fake. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
}

export const SAFE_STORAGE_DRIVER_NAME = 'safe-storage';
export const SAFE_STORAGE_FILE = 'keychain-safe-storage.json';

interface StoreFile {
  version: 1;
  /** account → base64 of safeStorage.encryptString(base64 of the secret). */
  secrets: Record<string, string>;
}

/**
 * On Linux without a keyring, safeStorage "encrypts" with a password hard-coded in Chromium
 * (backend `basic_text`): anyone who can read the file could unlock the vault. That is no keychain, so
 * the driver reports itself unavailable there and the app falls back to the passphrase.
 */
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

function parseStore(text: string, file: string): StoreFile {
  const damaged = () => new StrongroomError('KEYCHAIN_UNAVAILABLE', `the protected-storage file ${file} is damaged`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw damaged();
  }
  const secrets = (value as { secrets?: unknown } | null)?.secrets;
  if ((value as { version?: unknown } | null)?.version !== 1 || typeof secrets !== 'object' || secrets === null) throw damaged();
  const entries = Object.entries(secrets);
  if (!entries.every(([, v]) => typeof v === 'string')) throw damaged();
  return { version: 1, secrets: Object.fromEntries(entries) as Record<string, string> };
}

/**
 * A KeychainDriver over Electron's safeStorage, for machines where the system keychain (keytar) is not
 * usable. Each secret is encrypted with the OS-protected key safeStorage holds and kept in one JSON file
 * in the app's data folder, written atomically with mode 0600. Calls are serialised so two writes can
 * never lose each other's entries.
 */
export function createSafeStorageDriver(safeStorage: SafeStorageLike, dataDir: string, platform: NodeJS.Platform = process.platform): KeychainDriver {
  const file = path.join(dataDir, SAFE_STORAGE_FILE);
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const available = (): boolean => {
    try {
      if (!safeStorage.isEncryptionAvailable()) return false;
      return !(platform === 'linux' && WEAK_LINUX_BACKENDS.has(safeStorage.getSelectedStorageBackend?.() ?? 'unknown'));
    } catch {
      return false;
    }
  };
  const requireAvailable = () => {
    if (!available()) throw new StrongroomError('KEYCHAIN_UNAVAILABLE', "the operating system's protected storage is not available");
  };
  const load = async (): Promise<StoreFile> => {
    try {
      return parseStore(await readFile(file, 'utf8'), file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw err;
    }
  };
  const save = async (store: StoreFile): Promise<void> => {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, `${JSON.stringify(store)}\n`);
  };

  return {
    name: SAFE_STORAGE_DRIVER_NAME,
    description: "the operating system's protected storage",
    async isAvailable() {
      return available();
    },
    getSecret: (account) =>
      serialized(async () => {
        requireAvailable();
        const { secrets } = await load();
        if (!Object.hasOwn(secrets, account)) return null;
        try {
          return Buffer.from(safeStorage.decryptString(Buffer.from(secrets[account] as string, 'base64')), 'base64');
        } catch (err) {
          throw new StrongroomError('KEYCHAIN_UNAVAILABLE', "the protected storage could not decrypt this device's key", { cause: err });
        }
      }),
    setSecret: (account, secret) =>
      serialized(async () => {
        requireAvailable();
        const store = await load();
        const sealed = safeStorage.encryptString(secret.toString('base64')).toString('base64');
        await save({ version: 1, secrets: { ...store.secrets, [account]: sealed } });
      }),
    deleteSecret: (account) =>
      serialized(async () => {
        const store = await load();
        if (!Object.hasOwn(store.secrets, account)) return false;
        const { [account]: _removed, ...rest } = store.secrets;
        await save({ version: 1, secrets: rest });
        return true;
      }),
  };
}
