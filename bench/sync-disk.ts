import { randomBytes } from 'node:crypto';
import { constants, createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { mapLimit } from './photos';
import { decryptBlob, encryptBlob } from '../electron/core/crypto/blob-format';
import { openFolderBackend } from '../electron/core/sync/backends/folder-backend';

/**
 * The disk's durable write speed, the ceiling for any tool that makes its writes durable: one large
 * file written and fsynced once, and many ~3 MB files each written to a temp name, fsynced, renamed
 * and the folder fsynced (what the folder backend does per object), `concurrency` at once.
 */
export interface DiskSpeed {
  largeBytes: number;
  largeMs: number;
  smallFiles: number;
  smallBytes: number;
  smallMs: number;
}

const WRITE_CHUNK = 1 << 20;

async function writeSynced(file: string, data: Buffer, total: number): Promise<void> {
  const handle = await fsp.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    for (let written = 0; written < total; written += data.length) await handle.write(data, 0, Math.min(data.length, total - written));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function measureDurableWrites(dir: string, options: { largeBytes: number; smallFiles: number; smallBytes: number; concurrency: number }): Promise<DiskSpeed> {
  await fsp.mkdir(dir, { recursive: true });
  // Random bytes: nothing on the way (a compressing or deduplicating layer) gets an easy ride.
  const data = randomBytes(WRITE_CHUNK);
  let started = performance.now();
  await writeSynced(path.join(dir, 'large'), data, options.largeBytes);
  await syncDir(dir);
  const largeMs = performance.now() - started;
  await fsp.rm(path.join(dir, 'large'));
  const small = path.join(dir, 'small');
  await fsp.mkdir(small);
  started = performance.now();
  await mapLimit(
    Array.from({ length: options.smallFiles }, (_, i) => i),
    options.concurrency,
    async (i) => {
      const temp = path.join(small, `tmp-${i}`);
      await writeSynced(temp, data, options.smallBytes);
      await fsp.rename(temp, path.join(small, `file-${i}`));
      await syncDir(small);
    },
  );
  const smallMs = performance.now() - started;
  await fsp.rm(dir, { recursive: true, force: true });
  return { largeBytes: options.largeBytes, largeMs, smallFiles: options.smallFiles, smallBytes: options.smallFiles * options.smallBytes, smallMs };
}

/**
 * The floor for our own pass: the very blob files it sends, put by the folder backend itself (kernel
 * copy or clone, group-committed fsyncs, publish), `concurrency` at once, with a verification that
 * accepts every copy. It is the pass's disk work with neither the verification nor the catalog.
 */
export async function measurePassFloor(files: readonly string[], dir: string, concurrency: number): Promise<{ files: number; bytes: number; ms: number }> {
  await fsp.mkdir(dir, { recursive: true });
  const backend = await openFolderBackend(dir);
  // Sized before the clock starts: the pass itself knows its sizes from the catalog.
  const bytes = (await Promise.all(files.map((file) => fsp.stat(file)))).reduce((sum, st) => sum + st.size, 0);
  const started = performance.now();
  await mapLimit(
    files.map((file, i) => ({ file, i })),
    concurrency,
    async ({ file, i }) => {
      const unverified = { path: file, stream: () => createReadStream(file), verifyCopy: async () => undefined };
      await backend.putFile(`floor/${String(i).padStart(6, '0')}`, unverified);
    },
  );
  const ms = performance.now() - started;
  await fsp.rm(dir, { recursive: true, force: true });
  return { files: files.length, bytes, ms };
}

/**
 * AES-256-GCM decryption in this Node, one thread, through the blob format's own decryptor (64 KiB
 * records): the verification's price per byte.
 */
export function measureGcmRecords(totalBytes = 256 * 1024 * 1024): number {
  const blobBytes = 64 * 1024 * 1024;
  const key = randomBytes(32);
  const file = encryptBlob(key, randomBytes(blobBytes));
  const rounds = Math.max(1, Math.round(totalBytes / blobBytes));
  const started = performance.now();
  for (let i = 0; i < rounds; i++) decryptBlob(key, file);
  return (rounds * blobBytes) / ((performance.now() - started) / 1000);
}
