import { StrongroomError } from '../errors';
import { KEYCHAIN_SERVICE, type KeychainDriver } from './keychain';

type Keytar = typeof import('keytar');

const PROBE_TIMEOUT_MS = 5000;

async function loadKeytar(): Promise<Keytar | null> {
  try {
    const mod = (await import('keytar')) as Keytar & { default?: Keytar };
    return mod.default ?? mod;
  } catch {
    return null;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the keychain did not answer in time')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The OS keychain: macOS Keychain, Windows Credential Manager, or the Secret Service on Linux. */
export function createKeytarDriver(): KeychainDriver {
  let keytarPromise: Promise<Keytar | null> | undefined;
  const keytar = async (): Promise<Keytar> => {
    keytarPromise ??= loadKeytar();
    const mod = await keytarPromise;
    if (!mod) throw new StrongroomError('KEYCHAIN_UNAVAILABLE', 'the system keychain module could not be loaded');
    return mod;
  };
  const call = async <T>(fn: (k: Keytar) => Promise<T>): Promise<T> => {
    try {
      return await withTimeout(fn(await keytar()), PROBE_TIMEOUT_MS);
    } catch (err) {
      if (err instanceof StrongroomError) throw err;
      throw new StrongroomError('KEYCHAIN_UNAVAILABLE', `the system keychain is not available (${(err as Error).message})`, {
        cause: err,
      });
    }
  };
  return {
    name: 'keytar',
    description: 'the system keychain',
    async isAvailable() {
      try {
        await call((k) => k.findCredentials(KEYCHAIN_SERVICE));
        return true;
      } catch {
        return false;
      }
    },
    async getSecret(account) {
      const value = await call((k) => k.getPassword(KEYCHAIN_SERVICE, account));
      return value === null ? null : Buffer.from(value, 'base64');
    },
    async setSecret(account, secret) {
      await call((k) => k.setPassword(KEYCHAIN_SERVICE, account, secret.toString('base64')));
    },
    async deleteSecret(account) {
      return call((k) => k.deletePassword(KEYCHAIN_SERVICE, account));
    },
  };
}
