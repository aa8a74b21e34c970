import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3Backend, type S3BackendOptions, type S3Target } from '../../../electron/core/sync/backends/s3-backend';

/** s3rver's built-in account. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3rverProcess {
  endpoint: string;
  bucket: string;
  child: ChildProcess;
  /** A backend on this server under `prefix` (a fresh prefix per test keeps tests apart). */
  backend(prefix: string, options?: S3BackendOptions & Partial<S3Target>): S3Backend;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./s3rver-child.cjs', import.meta.url));

/** Starts s3rver as a child process on 127.0.0.1 and a free port, with one bucket. */
export async function startS3rver(bucket = 'strongroom-test'): Promise<S3rverProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'strongroom-s3rver-'));
  // s3rver makes ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy
  // provider: without it every listing longer than one page fails with a 500.
  const child = spawn(process.execPath, ['--openssl-legacy-provider', CHILD, dir, bucket], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        child.stdout!.off('data', onData);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening: ${stderr}`)));
    setTimeout(() => reject(new Error(`s3rver did not start in 20 s: ${stderr}`)), 20_000).unref();
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const backends: S3Backend[] = [];
  return {
    endpoint,
    bucket,
    child,
    backend(prefix, options = {}) {
      const { region, bucket: b, forcePathStyle, endpoint: e, ...rest } = options;
      const backend = new S3Backend(
        { endpoint: e ?? endpoint, region: region ?? 'us-east-1', bucket: b ?? bucket, prefix, forcePathStyle: forcePathStyle ?? true },
        async () => S3RVER_CREDENTIALS,
        rest,
      );
      backends.push(backend);
      return backend;
    },
    async stop() {
      for (const b of backends) b.close();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
