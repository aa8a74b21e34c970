import type { Database } from 'better-sqlite3-multiple-ciphers';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import { BlobClaims } from '../blobs/blob-claims';
import { BlobStore } from '../blobs/blob-store';
import { openCatalog } from '../catalog/open-catalog';
import { deriveSubkey, deriveVaultKeys, MASTER_KEY_BYTES, wipe, type VaultKeys } from '../crypto/subkeys';
import { describeError, StrongroomError } from '../errors';
import {
  computeHeaderMac,
  headerMacMatches,
  HEADER_FORMAT,
  HEADER_VERSION,
  readHeader,
  writeHeader,
  type KeychainSlot,
  type VaultHeader,
} from '../keys/header';
import { checkNewPassphrase } from '../keys/kdf';
import type { KeychainDriver } from '../keys/keychain';
import { generateRecoveryKey, parseRecoveryKey } from '../keys/recovery-key';
import {
  makeKeychainSlot,
  makePassphraseSlot,
  makeRecoverySlot,
  openKeychainSlot,
  openPassphraseSlot,
  openRecoverySlot,
} from '../keys/slots';
import { removeStaleTemps } from '../fs/atomic';
import { ShareServingHandle } from '../share/serving-vault';
import { vaultPaths } from './layout';

export type UnlockMethod =
  | { kind: 'keychain' }
  | { kind: 'passphrase'; passphrase: string }
  | { kind: 'recovery'; recoveryKey: string };

export interface UnlockStatus {
  vaultId: string;
  passphrase: boolean;
  recoveryKey: { exists: boolean; createdAt: string | null };
  keychain: { driver: string; createdAt: string }[];
}

export function unlockStatusOf(header: VaultHeader): UnlockStatus {
  const recovery = header.slots.find((s) => s.type === 'recovery');
  return {
    vaultId: header.vaultId,
    passphrase: header.slots.some((s) => s.type === 'passphrase'),
    recoveryKey: { exists: recovery !== undefined, createdAt: recovery?.createdAt ?? null },
    keychain: header.slots.flatMap((s) => (s.type === 'keychain' ? [{ driver: s.driver, createdAt: s.createdAt }] : [])),
  };
}

/** Reads what a vault offers for unlocking, without any key. */
export async function inspectVault(dir: string): Promise<UnlockStatus> {
  return unlockStatusOf(await readHeader(vaultPaths(dir).header));
}

async function recoverMasterKey(header: VaultHeader, method: UnlockMethod, keychain: KeychainDriver | null): Promise<Buffer> {
  const { vaultId, slots } = header;
  if (method.kind === 'keychain') {
    // A vault in a synced folder has one keychain slot per device; this device's is the one whose
    // secret its keychain holds.
    const candidates = keychain ? slots.filter((s): s is KeychainSlot => s.type === 'keychain' && s.driver === keychain.name) : [];
    if (!keychain || candidates.length === 0) {
      throw new StrongroomError('KEYCHAIN_EMPTY', 'this vault is not unlocked by the keychain on this device; use the passphrase or recovery key');
    }
    let lastError: unknown;
    for (const slot of candidates) {
      try {
        return await openKeychainSlot(vaultId, slot, keychain);
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  }
  if (method.kind === 'passphrase') {
    for (const slot of slots) {
      if (slot.type !== 'passphrase') continue;
      const key = await openPassphraseSlot(vaultId, slot, method.passphrase);
      if (key) return key;
    }
    throw new StrongroomError('WRONG_PASSPHRASE', 'wrong passphrase');
  }
  const secret = parseRecoveryKey(method.recoveryKey);
  for (const slot of slots) {
    if (slot.type !== 'recovery') continue;
    const key = openRecoverySlot(vaultId, slot, secret);
    if (key) return key;
  }
  throw new StrongroomError('WRONG_RECOVERY_KEY', 'this recovery key does not belong to this vault');
}

/**
 * An unlocked vault: the catalog connection, the blob store and the header with its unlock slots.
 * The master key is kept only to re-seal the header when unlock methods change, and wiped on close.
 */
export class Vault {
  readonly dir: string;
  readonly db: Database;
  readonly blobs: BlobStore;
  /** Blobs written by imports that have not committed yet, shared by every import into this vault. */
  readonly blobClaims = new BlobClaims();
  private header: VaultHeader;
  private masterKey: Buffer;
  private readonly keys: VaultKeys;
  private closed = false;

  private constructor(dir: string, header: VaultHeader, masterKey: Buffer, keys: VaultKeys, db: Database) {
    this.dir = dir;
    this.header = header;
    this.masterKey = masterKey;
    this.keys = keys;
    this.db = db;
    this.blobs = new BlobStore(vaultPaths(dir).blobs, keys);
  }

  get id(): string {
    return this.header.vaultId;
  }

  static async open(dir: string, method: UnlockMethod, keychain: KeychainDriver | null): Promise<Vault> {
    const paths = vaultPaths(dir);
    const header = await readHeader(paths.header);
    const masterKey = await recoverMasterKey(header, method, keychain);
    const keys = deriveVaultKeys(masterKey);
    const wipeAll = () => wipe(masterKey, keys.catalog, keys.blobContents, keys.blobNames, keys.header);
    if (!headerMacMatches(keys.header, header)) {
      wipeAll();
      throw new StrongroomError('HEADER_INVALID', 'the vault header was modified outside Strongroom (its authentication code does not match)');
    }
    let db: Database;
    try {
      db = openCatalog(paths.catalog, keys.catalog);
    } catch (err) {
      wipeAll();
      throw err;
    }
    const vault = new Vault(dir, header, masterKey, keys, db);
    await vault.blobs.recover();
    await removeStaleTemps(dir); // leftovers of an interrupted header write
    return vault;
  }

  static async create(
    dir: string,
    options: { passphrase: string; keychain: KeychainDriver | null },
  ): Promise<{ vault: Vault; recoveryKey: string; keychainError: string | null }> {
    checkNewPassphrase(options.passphrase);
    const paths = vaultPaths(dir);
    if (existsSync(paths.header)) throw new StrongroomError('VAULT_EXISTS', `${dir} already holds a vault; open it instead`);
    if (existsSync(paths.catalog)) {
      throw new StrongroomError('VAULT_EXISTS', `${dir} holds a catalog without a vault header (an interrupted set-up?); choose another folder`);
    }
    await fsp.mkdir(paths.blobs, { recursive: true, mode: 0o700 });
    const vaultId = randomUUID();
    const masterKey = randomBytes(MASTER_KEY_BYTES);
    const keys = deriveVaultKeys(masterKey);
    const recovery = generateRecoveryKey();
    const slots: VaultHeader['slots'] = [
      await makePassphraseSlot(vaultId, masterKey, options.passphrase),
      makeRecoverySlot(vaultId, masterKey, recovery.secret),
    ];
    wipe(recovery.secret);
    let keychainError: string | null = null;
    const keychain = options.keychain;
    if (keychain) {
      try {
        slots.push(await makeKeychainSlot(vaultId, masterKey, keychain));
      } catch (err) {
        keychainError = describeError(err);
      }
    }
    const unsigned = { format: HEADER_FORMAT, version: HEADER_VERSION, vaultId, createdAt: new Date().toISOString(), slots } as const;
    const header: VaultHeader = { ...unsigned, mac: computeHeaderMac(keys.header, unsigned) };
    let db: Database | undefined;
    try {
      // The catalog is created before the header: a folder with a header always has its catalog.
      db = openCatalog(paths.catalog, keys.catalog, { create: true });
      await writeHeader(paths.header, header);
    } catch (err) {
      db?.close();
      for (const s of slots) if (s.type === 'keychain' && keychain) await keychain.deleteSecret(s.account).catch(() => false);
      wipe(masterKey, keys.catalog, keys.blobContents, keys.blobNames, keys.header);
      throw err;
    }
    return { vault: new Vault(dir, header, masterKey, keys, db), recoveryKey: recovery.text, keychainError };
  }

  /**
   * A new device of an existing vault (sync join): the vault's header, fetched from the sync target,
   * opened with the passphrase or recovery key, written to a new folder with a new, empty catalog.
   * The catalog gets its own sync device id (migration 0008 draws one), so the device never shares an
   * id with the device it joined from. The header's MAC is checked before anything is written.
   */
  static async createFromHeader(dir: string, header: VaultHeader, method: UnlockMethod, keychain: KeychainDriver | null): Promise<Vault> {
    const paths = vaultPaths(dir);
    if (existsSync(paths.header) || existsSync(paths.catalog)) {
      throw new StrongroomError('VAULT_EXISTS', `${dir} already holds a vault (or part of one); join into a new, empty folder`);
    }
    const masterKey = await recoverMasterKey(header, method, keychain);
    const keys = deriveVaultKeys(masterKey);
    const wipeAll = () => wipe(masterKey, keys.catalog, keys.blobContents, keys.blobNames, keys.header);
    if (!headerMacMatches(keys.header, header)) {
      wipeAll();
      throw new StrongroomError('HEADER_INVALID', 'the vault header on the sync target was modified outside Strongroom (its authentication code does not match)');
    }
    let db: Database | undefined;
    try {
      await fsp.mkdir(paths.blobs, { recursive: true, mode: 0o700 });
      // The catalog first, as in create: a folder with a header always has its catalog.
      db = openCatalog(paths.catalog, keys.catalog, { create: true });
      await writeHeader(paths.header, header);
    } catch (err) {
      db?.close();
      wipeAll();
      throw err;
    }
    return new Vault(dir, header, masterKey, keys, db);
  }

  unlockStatus(): UnlockStatus {
    return unlockStatusOf(this.header);
  }

  /** A fresh copy of the shares subkey (it keys share token hashes); the caller wipes it when done. */
  sharesKey(): Buffer {
    this.assertOpen();
    return deriveSubkey(this.masterKey, 'shares');
  }

  /**
   * A fresh copy of the sync subkey; sync derives its object and name keys from it
   * (sync/envelope/sync-keys.ts). The caller wipes it when done.
   */
  syncKey(): Buffer {
    this.assertOpen();
    return deriveSubkey(this.masterKey, 'sync');
  }

  /**
   * The share service's own handle (share/serving-vault.ts): a second catalog connection and the
   * shares subkey, which outlive this vault's close so links keep working while the library is locked.
   */
  openShareServing(): ShareServingHandle {
    const sharesKey = this.sharesKey();
    try {
      const db = openCatalog(vaultPaths(this.dir).catalog, this.keys.catalog);
      // Serving reads a few small rows per request; the library's connection keeps the big page cache.
      db.pragma('cache_size = -8192');
      return new ShareServingHandle(this.dir, this.id, db, sharesKey);
    } catch (err) {
      sharesKey.fill(0);
      throw err;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StrongroomError('VAULT_LOCKED', 'the vault is locked; unlock it again first');
  }

  /** A private copy of the master key for an operation that awaits, so a lock meanwhile cannot zero it. */
  private masterKeyCopy(): Buffer {
    this.assertOpen();
    return Buffer.from(this.masterKey);
  }

  /** The keychain slots whose secret this device's keychain holds (not other devices' slots). */
  private async ownKeychainSlots(driver: KeychainDriver): Promise<KeychainSlot[]> {
    const own: KeychainSlot[] = [];
    for (const s of this.header.slots) {
      if (s.type === 'keychain' && s.driver === driver.name && (await driver.getSecret(s.account).catch(() => null))) own.push(s);
    }
    return own;
  }

  private async saveSlots(slots: VaultHeader['slots']): Promise<void> {
    this.assertOpen();
    const next = { ...this.header, slots };
    next.mac = computeHeaderMac(this.keys.header, next);
    await writeHeader(vaultPaths(this.dir).header, next);
    this.header = next;
  }

  /** Replaces every passphrase slot with one for the new passphrase; other slots are untouched. */
  async changePassphrase(newPassphrase: string): Promise<void> {
    checkNewPassphrase(newPassphrase);
    const masterKey = this.masterKeyCopy();
    const slot = await makePassphraseSlot(this.id, masterKey, newPassphrase).finally(() => wipe(masterKey));
    await this.saveSlots([...this.header.slots.filter((s) => s.type !== 'passphrase'), slot]);
  }

  /** A new recovery key replaces the old one, which stops working. Shown once to the caller. */
  async regenerateRecoveryKey(): Promise<string> {
    this.assertOpen();
    const recovery = generateRecoveryKey();
    const slot = makeRecoverySlot(this.id, this.masterKey, recovery.secret);
    wipe(recovery.secret);
    await this.saveSlots([...this.header.slots.filter((s) => s.type !== 'recovery'), slot]);
    return recovery.text;
  }

  /** Makes this device unlock from its keychain, replacing an earlier slot of this device's only. */
  async addKeychain(driver: KeychainDriver): Promise<void> {
    const masterKey = this.masterKeyCopy();
    const old = await this.ownKeychainSlots(driver);
    const slot = await makeKeychainSlot(this.id, masterKey, driver).finally(() => wipe(masterKey));
    await this.saveSlots([...this.header.slots.filter((s) => !old.includes(s as KeychainSlot)), slot]);
    for (const s of old) await driver.deleteSecret(s.account).catch(() => false);
  }

  /** Removes this device's keychain unlock; other devices' slots, the passphrase and the recovery key stay. */
  async removeKeychain(driver: KeychainDriver): Promise<boolean> {
    this.assertOpen();
    const old = await this.ownKeychainSlots(driver);
    if (old.length === 0) return false;
    await this.saveSlots(this.header.slots.filter((s) => !old.includes(s as KeychainSlot)));
    for (const s of old) await driver.deleteSecret(s.account).catch(() => false);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.blobs.close();
    this.db.close();
    wipe(this.masterKey, this.keys.catalog, this.keys.blobContents, this.keys.blobNames, this.keys.header);
  }
}
