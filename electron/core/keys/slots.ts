import { hkdfSync, randomBytes } from 'node:crypto';
import { StrongroomError } from '../errors';
import { open, seal, type Sealed } from '../crypto/seal';
import type { KeychainSlot, KeySlot, PassphraseSlot, RecoverySlot } from './header';
import { checkScryptParams, DEFAULT_SCRYPT, deriveFromPassphrase } from './kdf';
import type { KeychainDriver } from './keychain';

/**
 * A slot holds the master key sealed under a slot key, with the vault id, slot id and slot type as
 * associated data, so a slot cannot be moved to another vault or relabelled.
 */
function slotAad(vaultId: string, slot: { id: string; type: string }): Buffer {
  return Buffer.from(`strongroom/v1/keyslot\n${vaultId}\n${slot.id}\n${slot.type}`, 'utf8');
}

function encodeSealed(s: Sealed) {
  return { nonce: s.nonce.toString('base64'), ciphertext: s.ciphertext.toString('base64'), tag: s.tag.toString('base64') };
}

function decodeSealed(s: KeySlot['wrapped']): Sealed {
  return { nonce: Buffer.from(s.nonce, 'base64'), ciphertext: Buffer.from(s.ciphertext, 'base64'), tag: Buffer.from(s.tag, 'base64') };
}

function newSlotId(): string {
  return randomBytes(8).toString('hex');
}

function wrap<T extends { id: string; type: string }>(vaultId: string, slot: T, slotKey: Buffer, masterKey: Buffer) {
  return encodeSealed(seal(slotKey, masterKey, slotAad(vaultId, slot)));
}

function unwrap(vaultId: string, slot: KeySlot, slotKey: Buffer): Buffer | null {
  const key = open(slotKey, decodeSealed(slot.wrapped), slotAad(vaultId, slot));
  return key && key.length === 32 ? key : null;
}

export async function makePassphraseSlot(vaultId: string, masterKey: Buffer, passphrase: string): Promise<PassphraseSlot> {
  const kdf = { name: 'scrypt' as const, ...DEFAULT_SCRYPT, salt: randomBytes(32).toString('base64') };
  const slotKey = await deriveFromPassphrase(passphrase, kdf);
  const base = { id: newSlotId(), type: 'passphrase' as const, createdAt: new Date().toISOString(), kdf };
  return { ...base, wrapped: wrap(vaultId, base, slotKey, masterKey) };
}

/** Opens a passphrase slot; null when the passphrase is wrong. Bad parameters throw before any work. */
export async function openPassphraseSlot(vaultId: string, slot: PassphraseSlot, passphrase: string): Promise<Buffer | null> {
  checkScryptParams(slot.kdf);
  return unwrap(vaultId, slot, await deriveFromPassphrase(passphrase, slot.kdf));
}

/** The recovery secret already has 160 bits of entropy, so HKDF suffices; no slow KDF is needed. */
function recoverySlotKey(secret: Buffer, salt: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.from(salt, 'base64'), 'strongroom/v1/recovery-slot', 32));
}

export function makeRecoverySlot(vaultId: string, masterKey: Buffer, secret: Buffer): RecoverySlot {
  const kdf = { name: 'hkdf-sha256' as const, salt: randomBytes(32).toString('base64') };
  const base = { id: newSlotId(), type: 'recovery' as const, createdAt: new Date().toISOString(), kdf };
  return { ...base, wrapped: wrap(vaultId, base, recoverySlotKey(secret, kdf.salt), masterKey) };
}

export function openRecoverySlot(vaultId: string, slot: RecoverySlot, secret: Buffer): Buffer | null {
  return unwrap(vaultId, slot, recoverySlotKey(secret, slot.kdf.salt));
}

/** The keychain holds a random slot key, never the master key itself. */
export async function makeKeychainSlot(vaultId: string, masterKey: Buffer, driver: KeychainDriver): Promise<KeychainSlot> {
  const id = newSlotId();
  const slotKey = randomBytes(32);
  const base = { id, type: 'keychain' as const, createdAt: new Date().toISOString(), driver: driver.name, account: `vault-${vaultId}-${id}` };
  await driver.setSecret(base.account, slotKey);
  return { ...base, wrapped: wrap(vaultId, base, slotKey, masterKey) };
}

export async function openKeychainSlot(vaultId: string, slot: KeychainSlot, driver: KeychainDriver): Promise<Buffer> {
  const slotKey = await driver.getSecret(slot.account);
  if (!slotKey) {
    throw new StrongroomError('KEYCHAIN_EMPTY', `${driver.description} has no key for this vault; unlock with the passphrase or recovery key`);
  }
  const key = unwrap(vaultId, slot, slotKey);
  if (!key) {
    throw new StrongroomError('KEYCHAIN_EMPTY', `the key in ${driver.description} does not open this vault; unlock with the passphrase or recovery key`);
  }
  return key;
}
