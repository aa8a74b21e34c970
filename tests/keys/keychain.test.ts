import keytar from 'keytar';
import { promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deriveSubkey } from '../../electron/core/crypto/subkeys';
import { StrongroomError } from '../../electron/core/errors';
import { createCore } from '../../electron/core/index';
import { headerMacMatches, type KeychainSlot, type VaultHeader } from '../../electron/core/keys/header';
import { KEYCHAIN_SERVICE, type KeychainDriver } from '../../electron/core/keys/keychain';
import { createKeytarDriver } from '../../electron/core/keys/keytar-driver';
import { openKeychainSlot } from '../../electron/core/keys/slots';
import { Vault } from '../../electron/core/vault/vault';
import { snapshotDir } from '../helpers/fs-snapshot';
import { rejectionOf } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';

/**
 * The REAL keychain: keytar talking to gnome-keyring over a private D-Bus session, as set up by
 * scripts/with-keyring.sh. Without that session these tests cannot mean anything, so they fail loudly
 * rather than skip. Every keychain entry a test creates is deleted afterwards.
 */
const PASSPHRASE = 'correct horse battery staple';
const driver = createKeytarDriver();
const core = createCore({ keychain: driver });
const createdVaultIds: string[] = [];

beforeAll(async () => {
  if (process.env.STRONGROOM_KEYRING_READY !== '1') {
    throw new Error(
      'tests/keys/keychain.test.ts talks to a real keychain and needs gnome-keyring on a private D-Bus session. ' +
        'Run the tests through the wrapper: `bash scripts/with-keyring.sh vitest run` (or `npm run test:unit`); ' +
        'STRONGROOM_KEYRING_READY=1 is not set, so no such session is running.',
    );
  }
  expect(await driver.isAvailable()).toBe(true);
});

afterEach(async () => {
  const ids = createdVaultIds.splice(0);
  for (const { account } of await keytar.findCredentials(KEYCHAIN_SERVICE)) {
    if (ids.some((id) => account.startsWith(`vault-${id}-`))) await keytar.deletePassword(KEYCHAIN_SERVICE, account);
  }
});

async function newKeychainVault() {
  const dir = path.join(makeTempDir('keychain'), 'vault');
  const created = await core.createVault(dir, { passphrase: PASSPHRASE });
  createdVaultIds.push(created.vault.id);
  const vaultId = created.vault.id;
  created.vault.close();
  return { dir, vaultId, recoveryKey: created.recoveryKey, keychainError: created.keychainError };
}

function readHeaderJson(dir: string): VaultHeader {
  return JSON.parse(readFileSync(path.join(dir, 'vault.json'), 'utf8')) as VaultHeader;
}

function keychainSlotOf(dir: string): KeychainSlot {
  const slots = readHeaderJson(dir).slots.filter((s): s is KeychainSlot => s.type === 'keychain');
  expect(slots).toHaveLength(1);
  return slots[0]!;
}

async function entriesFor(vaultId: string) {
  return (await keytar.findCredentials(KEYCHAIN_SERVICE)).filter((c) => c.account.startsWith(`vault-${vaultId}-`));
}

async function expectKeychainOpens(dir: string, vaultId: string): Promise<void> {
  const vault = await core.openVault(dir, { kind: 'keychain' });
  expect(vault.id).toBe(vaultId);
  vault.close();
}

const withPassphrase = { kind: 'passphrase', passphrase: PASSPHRASE } as const;

describe('keychain unlock (real gnome-keyring via keytar)', () => {
  it('a vault created with the keychain opens from it without a passphrase; status shows the keychain', async () => {
    const { dir, vaultId, keychainError } = await newKeychainVault();
    expect(keychainError).toBeNull();
    await expectKeychainOpens(dir, vaultId);
    const vault = await Vault.open(dir, { kind: 'keychain' }, driver);
    expect(vault.unlockStatus()).toMatchObject({
      vaultId,
      passphrase: true,
      recoveryKey: { exists: true },
      keychain: [{ driver: 'keytar', createdAt: expect.any(String) }],
    });
    vault.close();
    expect(await rejectionOf(Vault.open(dir, { kind: 'keychain' }, null))).toMatchObject({ code: 'KEYCHAIN_EMPTY' });
  });

  it('the keychain holds a random 32-byte slot key, not the master key, under the account named in the header', async () => {
    const { dir, vaultId } = await newKeychainVault();
    const slot = keychainSlotOf(dir);
    expect(slot.driver).toBe('keytar');
    const entries = await entriesFor(vaultId);
    expect(entries.map((e) => e.account)).toEqual([slot.account]);
    const secret = Buffer.from(entries[0]!.password, 'base64');
    expect(secret.length).toBe(32);
    expect(secret.toString('base64')).toBe(entries[0]!.password);
    // The slot key unwraps a master key that authenticates the header; the slot key itself does not.
    const header = readHeaderJson(dir);
    const masterKey = await openKeychainSlot(vaultId, slot, driver);
    expect(masterKey.equals(secret)).toBe(false);
    expect(headerMacMatches(deriveSubkey(masterKey, 'header'), header)).toBe(true);
    expect(headerMacMatches(deriveSubkey(secret, 'header'), header)).toBe(false);
    expect(readFileSync(path.join(dir, 'vault.json'), 'utf8')).not.toContain(entries[0]!.password);
  });

  it('an emptied keychain is KEYCHAIN_EMPTY, nothing on disk changes, and the passphrase still opens the vault', async () => {
    const { dir, vaultId } = await newKeychainVault();
    expect(await keytar.deletePassword(KEYCHAIN_SERVICE, keychainSlotOf(dir).account)).toBe(true);
    const before = snapshotDir(dir);
    const err = await rejectionOf(core.openVault(dir, { kind: 'keychain' }));
    expect(err).toMatchObject({ code: 'KEYCHAIN_EMPTY', message: expect.stringMatching(/passphrase or recovery key/) });
    expect(snapshotDir(dir)).toEqual(before);
    const vault = await core.openVault(dir, withPassphrase);
    expect(vault.id).toBe(vaultId);
    vault.close();
  });

  it('a keychain entry overwritten with another key is KEYCHAIN_EMPTY, not a crash or a wrong vault', async () => {
    const { dir } = await newKeychainVault();
    await keytar.setPassword(KEYCHAIN_SERVICE, keychainSlotOf(dir).account, Buffer.alloc(32, 7).toString('base64'));
    expect(await rejectionOf(core.openVault(dir, { kind: 'keychain' }))).toMatchObject({
      code: 'KEYCHAIN_EMPTY',
      message: expect.stringMatching(/does not open this vault/),
    });
  });

  it('removeKeychain deletes the entry and the slot; addKeychain restores keychain unlock', async () => {
    const { dir, vaultId } = await newKeychainVault();
    const oldAccount = keychainSlotOf(dir).account;
    let vault = await core.openVault(dir, withPassphrase);
    expect(await vault.removeKeychain(driver)).toBe(true);
    expect(vault.unlockStatus().keychain).toEqual([]);
    expect(await vault.removeKeychain(driver)).toBe(false);
    vault.close();
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, oldAccount)).toBeNull();
    expect(await entriesFor(vaultId)).toEqual([]);
    expect(readHeaderJson(dir).slots.map((s) => s.type).sort()).toEqual(['passphrase', 'recovery']);
    expect(await rejectionOf(core.openVault(dir, { kind: 'keychain' }))).toMatchObject({ code: 'KEYCHAIN_EMPTY' });

    vault = await core.openVault(dir, withPassphrase);
    await vault.addKeychain(driver);
    expect(vault.unlockStatus().keychain).toEqual([{ driver: 'keytar', createdAt: expect.any(String) }]);
    vault.close();
    await expectKeychainOpens(dir, vaultId);
    const entries = await entriesFor(vaultId);
    expect(entries.map((e) => e.account)).toEqual([keychainSlotOf(dir).account]);
    expect(entries[0]!.account).not.toBe(oldAccount);
  });

  it('addKeychain on a vault that already has it replaces the entry and deletes the old one', async () => {
    const { dir, vaultId } = await newKeychainVault();
    const oldAccount = keychainSlotOf(dir).account;
    const vault = await core.openVault(dir, { kind: 'keychain' });
    await vault.addKeychain(driver);
    vault.close();
    const newAccount = keychainSlotOf(dir).account;
    expect(newAccount).not.toBe(oldAccount);
    expect((await entriesFor(vaultId)).map((e) => e.account)).toEqual([newAccount]);
    await expectKeychainOpens(dir, vaultId);
  });

  it('create with an unavailable keychain still creates the vault, sets keychainError, passphrase works (fake unavailable keychain)', async () => {
    const unavailable = (): never => {
      throw new StrongroomError('KEYCHAIN_UNAVAILABLE', 'the fake keychain is not available');
    };
    const fakeUnavailable: KeychainDriver = {
      name: 'fake-unavailable',
      description: 'a fake keychain that is never available',
      isAvailable: async () => false,
      getSecret: async () => unavailable(),
      setSecret: async () => unavailable(),
      deleteSecret: async () => unavailable(),
    };
    const dir = path.join(makeTempDir('keychain'), 'vault');
    const created = await Vault.create(dir, { passphrase: PASSPHRASE, keychain: fakeUnavailable });
    const vaultId = created.vault.id;
    expect(created.keychainError).toMatch(/not available/);
    expect(created.vault.unlockStatus()).toMatchObject({ passphrase: true, recoveryKey: { exists: true }, keychain: [] });
    created.vault.close();
    expect(readHeaderJson(dir).slots.map((s) => s.type).sort()).toEqual(['passphrase', 'recovery']);
    expect(await rejectionOf(Vault.open(dir, { kind: 'keychain' }, fakeUnavailable))).toMatchObject({ code: 'KEYCHAIN_EMPTY' });
    const vault = await Vault.open(dir, withPassphrase, fakeUnavailable);
    expect(vault.id).toBe(vaultId);
    vault.close();
    await expect(fsp.access(path.join(dir, 'catalog.db'))).resolves.toBeUndefined();
  });
});
