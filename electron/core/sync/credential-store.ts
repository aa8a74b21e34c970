import { StrongroomError } from '../errors';
import type { KeychainDriver } from '../keys/keychain';
import { SyncRemoteError } from './backends/remote-error';
import type { S3CredentialProvider, S3Credentials } from './backends/s3-backend';

/**
 * S3 credentials live in the OS keychain (the same driver that holds the vault's unlock secret), never
 * in a config file: the sync target's settings name only a `targetId`, and the keychain entry
 * `sync-s3-<targetId>` under the service "Strongroom" holds the keys as a small JSON document.
 * The provider reads the keychain each time the S3 client asks, so a "connect again" with new keys takes
 * effect without a restart, and the secret is not kept in our memory between requests.
 */
const TARGET_ID_RE = /^[a-z0-9-]{1,100}$/;
const FORMAT = 'strongroom-s3-credentials/1';

interface StoredCredentials extends S3Credentials {
  format: typeof FORMAT;
}

export function s3CredentialAccount(targetId: string): string {
  if (!TARGET_ID_RE.test(targetId)) throw new StrongroomError('INVALID_ARGUMENT', `not a sync target id: ${JSON.stringify(targetId.slice(0, 100))}`);
  return `sync-s3-${targetId}`;
}

function checkCredentials(c: S3Credentials): void {
  // Keys are printable ASCII; a space or control character is a paste accident (a trailing newline).
  const printable = (s: string) => s.length > 0 && s.length <= 4096 && [...s].every((ch) => ch > ' ' && ch <= '~');
  if (!printable(c.accessKeyId)) throw new StrongroomError('INVALID_ARGUMENT', 'the access key id is empty or contains spaces or control characters');
  if (!printable(c.secretAccessKey)) throw new StrongroomError('INVALID_ARGUMENT', 'the secret access key is empty or contains spaces or control characters');
  if (c.sessionToken !== undefined && !printable(c.sessionToken)) throw new StrongroomError('INVALID_ARGUMENT', 'the session token is malformed');
}

export async function saveS3Credentials(keychain: KeychainDriver, targetId: string, credentials: S3Credentials): Promise<void> {
  checkCredentials(credentials);
  const stored: StoredCredentials = {
    format: FORMAT,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
  };
  await keychain.setSecret(s3CredentialAccount(targetId), Buffer.from(JSON.stringify(stored), 'utf8'));
}

/** The stored credentials, or null when the keychain has none for this target. */
export async function loadS3Credentials(keychain: KeychainDriver, targetId: string): Promise<S3Credentials | null> {
  const secret = await keychain.getSecret(s3CredentialAccount(targetId));
  if (!secret) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret.toString('utf8'));
  } catch {
    parsed = null;
  } finally {
    secret.fill(0);
  }
  const p = parsed as Partial<StoredCredentials> | null;
  if (!p || p.format !== FORMAT || typeof p.accessKeyId !== 'string' || typeof p.secretAccessKey !== 'string' || (p.sessionToken !== undefined && typeof p.sessionToken !== 'string')) {
    throw new StrongroomError('KEYCHAIN_UNAVAILABLE', `the keychain entry for this bucket is damaged; connect to the bucket again (${keychain.description})`);
  }
  return { accessKeyId: p.accessKeyId, secretAccessKey: p.secretAccessKey, ...(p.sessionToken ? { sessionToken: p.sessionToken } : {}) };
}

export async function deleteS3Credentials(keychain: KeychainDriver, targetId: string): Promise<boolean> {
  return keychain.deleteSecret(s3CredentialAccount(targetId));
}

/** What an S3 backend is given: reads the keychain whenever the client needs credentials. */
export function keychainCredentialProvider(keychain: KeychainDriver, targetId: string): S3CredentialProvider {
  s3CredentialAccount(targetId); // refuse a bad id now, not at the first request
  return async () => {
    const credentials = await loadS3Credentials(keychain, targetId);
    if (!credentials) {
      throw new SyncRemoteError('denied', `the bucket's credentials are not in ${keychain.description} on this device; connect to the bucket again`);
    }
    return credentials;
  };
}
