import keytar from 'keytar';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE } from '../../electron/core/keys/keychain';
import { createKeytarDriver } from '../../electron/core/keys/keytar-driver';
import {
  deleteS3Credentials,
  keychainCredentialProvider,
  loadS3Credentials,
  s3CredentialAccount,
  saveS3Credentials,
} from '../../electron/core/sync/credential-store';
import { rejectionOf } from '../helpers/rejection';

/**
 * The REAL keychain (gnome-keyring over a private D-Bus session, from scripts/with-keyring.sh), as in
 * tests/keys/keychain.test.ts: without it these tests mean nothing, so they fail loudly rather than skip.
 */
const driver = createKeytarDriver();
const targets: string[] = [];

function newTarget(): string {
  const id = `t-${randomUUID()}`;
  targets.push(id);
  return id;
}

beforeAll(async () => {
  if (process.env.STRONGROOM_KEYRING_READY !== '1') {
    throw new Error('tests/sync/credential-store.test.ts needs a real keychain: run it through `bash scripts/with-keyring.sh vitest run ...`');
  }
  expect(await driver.isAvailable()).toBe(true);
});

afterEach(async () => {
  for (const id of targets.splice(0)) await keytar.deletePassword(KEYCHAIN_SERVICE, s3CredentialAccount(id)).catch(() => false);
});

describe('S3 credentials in the OS keychain (real gnome-keyring via keytar)', () => {
  it('saves, loads through the provider, and deletes; only under its own account', async () => {
    const id = newTarget();
    const creds = { accessKeyId: 'AKIAEXAMPLE123', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    await saveS3Credentials(driver, id, creds);
    expect(await loadS3Credentials(driver, id)).toEqual(creds);
    expect(await keychainCredentialProvider(driver, id)()).toEqual(creds);
    const entries = (await keytar.findCredentials(KEYCHAIN_SERVICE)).filter((c) => c.account === `sync-s3-${id}`);
    expect(entries).toHaveLength(1);
    // Stored encoded, as every Strongroom keychain secret is; never the secret under the account name.
    expect(entries[0]!.account).not.toContain(creds.secretAccessKey);
    expect(await deleteS3Credentials(driver, id)).toBe(true);
    expect(await loadS3Credentials(driver, id)).toBeNull();
  });

  it('a new save replaces the old keys (connect again with rotated keys); a session token round-trips', async () => {
    const id = newTarget();
    await saveS3Credentials(driver, id, { accessKeyId: 'OLD', secretAccessKey: 'old-secret' });
    await saveS3Credentials(driver, id, { accessKeyId: 'NEW', secretAccessKey: 'new-secret', sessionToken: 'tok' });
    expect(await loadS3Credentials(driver, id)).toEqual({ accessKeyId: 'NEW', secretAccessKey: 'new-secret', sessionToken: 'tok' });
  });

  it('missing credentials: the provider says to connect again; a damaged entry is reported, not used', async () => {
    const id = newTarget();
    expect(await rejectionOf(keychainCredentialProvider(driver, id)())).toMatchObject({
      fault: 'denied',
      message: expect.stringContaining('connect to the bucket again'),
    });
    await keytar.setPassword(KEYCHAIN_SERVICE, s3CredentialAccount(id), Buffer.from('{"not":"ours"}').toString('base64'));
    expect(await rejectionOf(loadS3Credentials(driver, id))).toMatchObject({ message: expect.stringContaining('damaged') });
  });

  it('refuses malformed keys (a pasted newline) and malformed target ids before touching the keychain', async () => {
    const id = newTarget();
    expect(await rejectionOf(saveS3Credentials(driver, id, { accessKeyId: 'AK\n', secretAccessKey: 's' }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await rejectionOf(saveS3Credentials(driver, id, { accessKeyId: 'AK', secretAccessKey: '' }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(() => keychainCredentialProvider(driver, '../vault-x')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(await loadS3Credentials(driver, id)).toBeNull();
  });
});
