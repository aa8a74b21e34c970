import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobStore } from '../electron/core/blobs/blob-store';
import { BlobEncryptor, CHUNK_BYTES, HEADER_BYTES } from '../electron/core/crypto/blob-format';
import { GCM_TAG_BYTES } from '../electron/core/crypto/seal';

/**
 * Throughput of the blob writer's AES-256-GCM against OpenSSL's own figure for the same cipher and
 * block size (`openssl speed -evp aes-256-gcm -bytes 65536`), plus what BlobStore.put costs with the
 * disk and fsync in the loop, and SHA-256 for context (ingest hashes every original once).
 * All single-threaded, like OpenSSL's speed test.
 *
 * `openssl speed` divides by the CPU user time it used, not by wall-clock time (unless -elapsed), so on
 * a busy machine its figure does not drop while a wall-clock figure of ours would. Both are therefore
 * given: ours per CPU second of the encrypting thread (user + system: page faults on fresh output
 * buffers are part of our cost) against the default openssl figure, and ours per wall second against
 * `openssl speed ... -elapsed`.
 */
export interface Throughput {
  /** Bytes per wall-clock second (best run). */
  wall: number;
  /**
   * Bytes per CPU second of the measuring thread, user + system (best run). On Linux from
   * /proc/thread-self/schedstat (ns); elsewhere the whole process's CPU time, which also counts V8's
   * garbage-collector threads working alongside.
   */
  cpu: number;
  /** Bytes per CPU second of the whole process (all threads), best run. */
  processCpu: number;
}

/** CPU time of the calling thread in ms, or null where the platform does not say. */
function threadCpuMs(): number | null {
  try {
    const ns = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : null;
  } catch {
    return null;
  }
}

export interface CryptoResult {
  bytes: number;
  encryptor: Throughput;
  sha256: Throughput;
  putKnownHash: number;
  putWithHash: number;
  /** `openssl speed -evp aes-256-gcm -bytes 65536 -seconds N`: per CPU user second. */
  openssl: { bytesPerSecond: number; source: string } | null;
  /** The same with -elapsed: per wall-clock second. */
  opensslElapsed: { bytesPerSecond: number; source: string } | null;
  opensslError: string | null;
}

const SLICE = 16 * 65536; // what BlobStore.put hands the encryptor at a time

function measure(bytes: number, times: number, fn: () => void): Throughput {
  const gc = (globalThis as { gc?: () => void }).gc;
  let wallMs = Infinity;
  let cpuMs = Infinity;
  let processCpuMs = Infinity;
  for (let i = 0; i < times; i += 1) {
    gc?.();
    const cpu0 = process.cpuUsage();
    const thread0 = threadCpuMs();
    const t = performance.now();
    fn();
    wallMs = Math.min(wallMs, performance.now() - t);
    const thread1 = threadCpuMs();
    const cpu = process.cpuUsage(cpu0);
    const processMs = (cpu.user + cpu.system) / 1000;
    processCpuMs = Math.min(processCpuMs, processMs);
    cpuMs = Math.min(cpuMs, thread0 !== null && thread1 !== null ? thread1 - thread0 : processMs);
  }
  return { wall: bytes / (wallMs / 1000), cpu: bytes / (cpuMs / 1000), processCpu: bytes / (processCpuMs / 1000) };
}

function encryptAll(key: Buffer, data: Buffer): number {
  const enc = new BlobEncryptor(key);
  let out = enc.header.length;
  for (let off = 0; off < data.length; off += SLICE) for (const c of enc.push(data.subarray(off, off + SLICE))) out += c.length;
  for (const c of enc.finish()) out += c.length;
  return out;
}

/**
 * Bytes per second for 65536-byte blocks from `openssl speed` output. Understands the table
 * (`type  16 bytes ... 65536 bytes` then `AES-256-GCM  123.45k ...`, in 1000s of bytes per second),
 * the machine-readable form (`+F:n:name:v1:v2...`, bytes per second, with `+H:sizes`), and falls back
 * to the progress line (`Doing ... on 65536 size blocks: N ...'s in Ts`).
 */
export function parseOpensslSpeed(output: string, blockBytes = 65536): { bytesPerSecond: number; source: string } | null {
  const lines = output.split(/\r?\n/);
  // Machine-readable (-mr).
  const header = lines.find((l) => l.startsWith('+H:'));
  const figures = lines.find((l) => l.startsWith('+F:'));
  if (header && figures) {
    const sizes = header.slice(3).split(':').map(Number);
    const values = figures.split(':').slice(3).map(Number);
    const i = sizes.indexOf(blockBytes);
    if (i >= 0 && Number.isFinite(values[i])) return { bytesPerSecond: values[i]!, source: 'machine-readable +F line' };
  }
  // Human-readable table.
  const typeIndex = lines.findIndex((l) => /^type\s/.test(l));
  if (typeIndex >= 0) {
    const sizes = [...lines[typeIndex]!.matchAll(/(\d+)\s+bytes/g)].map((m) => Number(m[1]));
    const col = sizes.indexOf(blockBytes);
    const row = lines.slice(typeIndex + 1).find((l) => /aes-256-gcm/i.test(l));
    if (col >= 0 && row) {
      const values = [...row.matchAll(/([\d.]+)k\b/g)].map((m) => Number(m[1]) * 1000);
      if (Number.isFinite(values[col])) return { bytesPerSecond: values[col]!, source: 'table (1000s of bytes per second)' };
    }
  }
  // Progress line.
  for (const l of lines) {
    const m = /on (\d+) size blocks: (\d+) .*? in ([\d.]+)s/.exec(l);
    if (m && Number(m[1]) === blockBytes && Number(m[3]) > 0) {
      return { bytesPerSecond: (Number(m[2]) * blockBytes) / Number(m[3]), source: '"Doing ..." progress line' };
    }
  }
  return null;
}

export function runOpensslSpeed(seconds = 3, elapsed = false): { result: CryptoResult['openssl']; error: string | null } {
  const args = ['speed', '-evp', 'aes-256-gcm', '-bytes', '65536', '-seconds', String(seconds), ...(elapsed ? ['-elapsed'] : [])];
  const proc = spawnSync('openssl', args, {
    encoding: 'utf8',
    timeout: (seconds + 30) * 1000,
  });
  if (proc.error) return { result: null, error: `openssl could not be run: ${proc.error.message}` };
  const output = `${proc.stdout ?? ''}\n${proc.stderr ?? ''}`;
  const parsed = parseOpensslSpeed(output);
  if (!parsed) return { result: null, error: `could not parse openssl speed output (exit ${proc.status}): ${output.slice(-400)}` };
  return { result: parsed, error: null };
}

export async function benchCrypto(options: { bytes?: number; scratch?: string; opensslSeconds?: number; log?: (l: string) => void } = {}): Promise<CryptoResult> {
  const bytes = options.bytes ?? 256 * 2 ** 20;
  const log = options.log ?? (() => undefined);
  const data = randomBytes(bytes);
  const key = randomBytes(32);

  const expected = HEADER_BYTES + bytes + GCM_TAG_BYTES * Math.max(1, Math.ceil(bytes / CHUNK_BYTES));
  let produced = 0;
  const encryptor = measure(bytes, 5, () => {
    produced = encryptAll(key, data);
  });
  if (produced !== expected) throw new Error(`encryptor produced ${produced} bytes, expected ${expected}`);
  log(
    `  encryptor: ${(encryptor.wall / 1e6).toFixed(0)} MB/s wall, ${(encryptor.cpu / 1e6).toFixed(0)} MB/s per CPU second of its thread, ` +
      `${(encryptor.processCpu / 1e6).toFixed(0)} MB/s per CPU second of the process (GC threads included)`,
  );

  const sha256 = measure(bytes, 3, () => {
    createHash('sha256').update(data).digest();
  });
  log(`  sha256: ${(sha256.wall / 1e6).toFixed(0)} MB/s wall, ${(sha256.cpu / 1e6).toFixed(0)} MB/s per CPU second of its thread`);

  const root = await fsp.mkdtemp(path.join(options.scratch ?? os.tmpdir(), 'strongroom-crypto-'));
  try {
    const store = new BlobStore(root, { blobContents: randomBytes(32), blobNames: randomBytes(32) });
    // With the hash known up front (as ingest calls it): encryption + write + fsync of file and folder.
    let putKnown = Infinity;
    for (let i = 0; i < 2; i += 1) {
      const t = performance.now();
      const r = await store.put(data, randomBytes(32).toString('hex'));
      putKnown = Math.min(putKnown, performance.now() - t);
      if (r.existed) throw new Error('put found an existing blob');
      await store.remove(r.id);
    }
    log(`  put (hash given): ${(putKnown / 1000).toFixed(3)} s`);
    // Without it: BlobStore hashes first, as for any caller that has no hash.
    let putHash = Infinity;
    for (let i = 0; i < 2; i += 1) {
      data[0] = (data[0]! + 1) & 0xff;
      const t = performance.now();
      const r = await store.put(data);
      putHash = Math.min(putHash, performance.now() - t);
      if (r.existed) throw new Error('put found an existing blob');
      await store.remove(r.id);
    }
    log(`  put (hashing): ${(putHash / 1000).toFixed(3)} s`);

    const openssl = runOpensslSpeed(options.opensslSeconds ?? 3);
    const opensslElapsed = runOpensslSpeed(options.opensslSeconds ?? 3, true);
    log(`  openssl speed: ${openssl.result ? `${(openssl.result.bytesPerSecond / 1e6).toFixed(0)} MB/s per CPU second` : 'failed'}, ` +
      `-elapsed: ${opensslElapsed.result ? `${(opensslElapsed.result.bytesPerSecond / 1e6).toFixed(0)} MB/s` : 'failed'}`);
    return {
      bytes,
      encryptor,
      sha256,
      putKnownHash: bytes / (putKnown / 1000),
      putWithHash: bytes / (putHash / 1000),
      openssl: openssl.result,
      opensslElapsed: opensslElapsed.result,
      opensslError: [openssl.error, opensslElapsed.error].filter(Boolean).join('; ') || null,
    };
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
  }
}
