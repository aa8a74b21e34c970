import type { KeychainDriver } from '../keys/keychain';
import type { SyncBackend } from './backends/backend';
import { openFolderBackend } from './backends/folder-backend';
import { SyncRemoteError } from './backends/remote-error';
import { RetryingBackend, type RetryPolicy } from './backends/retrying-backend';
import { S3Backend, type S3CredentialProvider } from './backends/s3-backend';
import { keychainCredentialProvider } from './credential-store';
import type { SyncTarget } from './target-settings';

export interface OpenedTarget {
  /** The target's backend wrapped in retries and a bound on requests in flight. */
  backend: SyncBackend;
  /** Releases connections (S3); safe to call twice. */
  close(): void;
}

export interface OpenTargetOptions {
  /** Where S3 credentials live; required for an S3 target unless `credentials` is given. */
  keychain?: KeychainDriver | null;
  /** Overrides the keychain (tests, and `connect` checking keys before it stores them). */
  credentials?: S3CredentialProvider;
  retry?: Partial<RetryPolicy>;
}

/**
 * Puts in flight on a folder target. More than the thread pool's 4 threads on purpose: a folder put
 * spends most of its time waiting for its group commit (folder-backend.ts), and the more puts wait
 * together, the fewer fsyncs the whole transfer costs; the copies themselves are still bounded by the pool.
 */
export const FOLDER_CONCURRENCY = 16;

/** Builds the (retrying) backend a target's settings describe. */
export async function openTarget(target: SyncTarget, options: OpenTargetOptions = {}): Promise<OpenedTarget> {
  if (target.kind === 'folder') {
    const folder = await openFolderBackend(target.path);
    return { backend: new RetryingBackend(folder, { concurrency: FOLDER_CONCURRENCY, ...options.retry }), close() {} };
  }
  let credentials = options.credentials;
  if (!credentials) {
    if (!options.keychain) {
      throw new SyncRemoteError('denied', 'the bucket needs credentials from the system keychain, which is not available on this device (--no-keychain?)');
    }
    credentials = keychainCredentialProvider(options.keychain, target.targetId);
  }
  const s3 = new S3Backend(
    { ...(target.endpoint ? { endpoint: target.endpoint } : {}), region: target.region, bucket: target.bucket, prefix: target.prefix, forcePathStyle: target.pathStyle },
    credentials,
  );
  return { backend: new RetryingBackend(s3, options.retry), close: () => s3.close() };
}
