import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Vault } from '../electron/core/vault/vault';
import type { MemoryReport } from './memory-child';
import { croppedPhotoSet } from './photos';

/**
 * Peak memory over one ingest of many files (2,000 unless told), measured in a child process so the
 * rest of the benchmark (256 MiB buffers, sharp caches) does not pollute the figures. The photos are
 * 1600×1200 JPEGs with texture, each a different crop of a few rendered bases (bench/photos.ts).
 */
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'memory-child.ts');

/** The photos of the memory run (made once and cached; call before anything runs configureDecoder). */
export async function memoryPhotos(count: number, log: (line: string) => void = () => undefined): Promise<string[]> {
  let lastShown = 0;
  const { files } = await croppedPhotoSet({
    count,
    width: 1600,
    height: 1200,
    onProgress: (done, total) => {
      if (done - lastShown >= 250 || done === total) {
        lastShown = done;
        log(`  generating photos: ${done}/${total}`);
      }
    },
  });
  return files;
}

export async function benchMemory(files: string[]): Promise<MemoryReport & { totalBytes: number }> {
  const count = files.length;
  let totalBytes = 0;
  for (const f of files) totalBytes += (await fsp.stat(f)).size;
  const workDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'strongroom-mem-'));
  const listFile = path.join(workDir, 'files.txt');
  await fsp.writeFile(listFile, `${files.join('\n')}\n`);
  const vaultDir = path.join(workDir, 'vault');
  const keyFile = path.join(workDir, 'recovery-key.txt');
  const { vault, recoveryKey } = await Vault.create(vaultDir, { passphrase: 'bench passphrase', keychain: null });
  vault.close();
  await fsp.writeFile(keyFile, `${recoveryKey}\n`, { mode: 0o600 });
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, vaultDir, keyFile, listFile, '50'], {
        cwd: path.resolve(path.dirname(CHILD), '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (c: string) => (out += c));
      child.on('error', reject);
      child.on('close', (code, signal) =>
        code === 0 ? resolve(out) : reject(new Error(`memory child exited with ${code ?? signal}`)),
      );
    });
    const last = output.trim().split('\n').at(-1) ?? '';
    const report = JSON.parse(last) as MemoryReport;
    if (report.imported !== count) throw new Error(`memory child imported ${report.imported} of ${count} (${report.refused} refused)`);
    return { ...report, totalBytes };
  } finally {
    await fsp.rm(workDir, { recursive: true, force: true });
  }
}
