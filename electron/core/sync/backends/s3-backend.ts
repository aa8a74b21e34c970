import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { StrongroomError } from '../../errors';
import { bodySource, isRemoteName, isRemotePrefix, type OpOptions, type PutBody, type RemoteObject, type RemoteObjectInfo, type SyncBackend } from './backend';
import { badNameError, SyncRemoteError, throwIfAborted } from './remote-error';
import { s3Error } from './s3-errors';
import { putMultipart } from './s3-multipart';

/**
 * An S3-compatible bucket: AWS S3, Cloudflare R2, Backblaze B2, MinIO, Wasabi. Objects are keys
 * `<prefix><name>`. Only plain PUT, GET, HEAD, LIST and DELETE are used (plus multipart upload for large
 * objects): no conditional writes, no object lock, no versioning, so every compatible service works.
 */
export interface S3Target {
  /** e.g. `https://<account>.r2.cloudflarestorage.com`; omitted for AWS itself. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** A folder inside the bucket, e.g. `shop/`; empty for the whole bucket. */
  prefix?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (MinIO and most self-hosted servers need it). */
  forcePathStyle?: boolean;
}

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Called whenever the client needs credentials; the caller keeps them in the OS keychain (sync/credential-store). */
export type S3CredentialProvider = () => Promise<S3Credentials>;

export interface S3BackendOptions {
  /**
   * A connection idle this long (no answer, or a body that stopped flowing) is a timeout, retried by the
   * wrapper. Idle time rather than total time: an 8 MiB part on a slow uplink may take minutes.
   */
  idleTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Keys per LIST page (S3 allows at most 1000); smaller only to test paging. */
  listPageSize?: number;
}

const PREFIX_RE = /^([a-z0-9_-]+\/)*$/;

export function normalisePrefix(prefix: string | undefined): string {
  const p = (prefix ?? '').replace(/^\/+/, '');
  const withSlash = p === '' || p.endsWith('/') ? p : `${p}/`;
  if (!PREFIX_RE.test(withSlash)) {
    throw new StrongroomError('INVALID_ARGUMENT', `the bucket prefix may hold only a-z, 0-9, "_", "-" and "/": ${JSON.stringify(prefix)}`);
  }
  return withSlash;
}

export class S3Backend implements SyncBackend {
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly endpoint: string;
  private readonly listPageSize: number;

  constructor(target: S3Target, credentials: S3CredentialProvider, options: S3BackendOptions = {}) {
    this.bucket = target.bucket;
    this.prefix = normalisePrefix(target.prefix);
    this.endpoint = target.endpoint ?? `https://s3.${target.region}.amazonaws.com`;
    this.listPageSize = Math.min(1000, Math.max(1, options.listPageSize ?? 1000));
    this.description = `the bucket ${target.bucket}${this.prefix ? `/${this.prefix}` : ''} at ${this.endpoint}`;
    this.client = new S3Client({
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      region: target.region,
      forcePathStyle: target.forcePathStyle ?? false,
      credentials,
      // Retries belong to the wrapper (retrying-backend.ts), which knows which failures to retry.
      maxAttempts: 1,
      // The SDK's default streaming checksums (aws-chunked bodies with trailers) are not understood by
      // several S3-compatible services; our objects carry their own authentication anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { socketTimeout: options.idleTimeoutMs ?? 60_000, connectionTimeout: options.connectTimeoutMs ?? 10_000 },
    });
  }

  private key(name: string): string {
    if (!isRemoteName(name)) throw badNameError(name);
    return this.prefix + name;
  }

  private fail(err: unknown, objectName?: string): SyncRemoteError {
    return s3Error(err, { where: this.description, endpoint: this.endpoint, objectName });
  }

  /** Sends one command, mapping every failure. */
  private async send<T>(run: () => Promise<T>, objectName?: string): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw this.fail(err, objectName);
    }
  }

  async put(name: string, body: PutBody, options?: OpOptions): Promise<void> {
    const Key = this.key(name);
    const abortSignal = options?.signal;
    throwIfAborted(abortSignal);
    // Not atomic with the write (no conditional writes, by design): see backend.ts for why that is fine.
    if (await this.exists(Key, name, abortSignal)) {
      throw new SyncRemoteError('exists', `${name} already exists in ${this.description}`, { objectName: name });
    }
    if (Buffer.isBuffer(body)) {
      await this.send(() => this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: body }), { abortSignal }), name);
      return;
    }
    await putMultipart({ client: this.client, bucket: this.bucket, key: Key, source: bodySource(body), signal: abortSignal, fail: (err) => this.fail(err, name) });
  }

  private async exists(Key: string, name: string, abortSignal: AbortSignal | undefined): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }), { abortSignal });
      return true;
    } catch (err) {
      const mapped = this.fail(err, name);
      if (mapped.fault === 'not-found') return false;
      throw mapped;
    }
  }

  async get(name: string, options?: OpOptions): Promise<RemoteObject> {
    const Key = this.key(name);
    const abortSignal = options?.signal;
    const out = await this.send(() => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }), { abortSignal }), name);
    const stream = out.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    if (!stream) throw new SyncRemoteError('rejected', `${this.description} answered ${name} without a body`, { objectName: name });
    return { size: out.ContentLength ?? 0, body: this.readBody(stream, name) };
  }

  private async *readBody(stream: AsyncIterable<Uint8Array> & { destroy?: () => void }, name: string): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of stream) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    } catch (err) {
      throw this.fail(err, name);
    } finally {
      stream.destroy?.();
    }
  }

  async *list(prefix: string, options?: OpOptions): AsyncGenerator<RemoteObjectInfo> {
    if (!isRemotePrefix(prefix)) throw badNameError(prefix);
    let token: string | undefined;
    do {
      const page = await this.send(() =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ContinuationToken: token, MaxKeys: this.listPageSize }), {
          abortSignal: options?.signal,
        }),
      );
      for (const item of page.Contents ?? []) {
        const name = item.Key?.slice(this.prefix.length) ?? '';
        // Keys that are not ours (a user's own files under the prefix) are not listed.
        if (isRemoteName(name)) yield { name, size: item.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(name: string, options?: OpOptions): Promise<void> {
    const Key = this.key(name);
    await this.send(() => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }), { abortSignal: options?.signal }), name);
  }

  /** Releases the client's sockets. */
  close(): void {
    this.client.destroy();
  }
}
