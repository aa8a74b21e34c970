import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `rclone sync` of a folder to a `crypt` remote over a local folder (Debian's rclone), configured by a
 * temp config file with `rclone obscure`d passwords; nothing touches the network. rclone 1.60's local
 * backend writes each file in place (O_TRUNC, no temp name) and never fsyncs, so its own finish is not
 * durable: the bench times `sync -f` of the destination after it too and reports both.
 */
export interface RcloneRun {
  version: string;
  ms: number;
  /** rclone, then `sync -f` of the destination: what it takes for rclone's copy to be durable. */
  durableMs: number;
  files: number;
  bytesWritten: number;
}

export async function rcloneVersion(): Promise<string> {
  const { stdout } = await run('rclone', ['version']);
  return stdout.split('\n')[0]?.trim() ?? 'rclone';
}

/** null when rclone is not installed (Debian: `apt-get install rclone`). */
export async function rcloneAvailable(): Promise<string | null> {
  return rcloneVersion().catch(() => null);
}

async function obscure(secret: string): Promise<string> {
  const { stdout } = await run('rclone', ['obscure', secret]);
  return stdout.trim();
}

export async function writeCryptConfig(file: string, destination: string): Promise<string> {
  const remote = 'bench-crypt';
  const lines = [`[${remote}]`, 'type = crypt', `remote = ${destination}`, `password = ${await obscure('sync bench password')}`, `password2 = ${await obscure('sync bench salt')}`, ''];
  await fsp.writeFile(file, lines.join('\n'), { mode: 0o600 });
  return remote;
}

async function folderBytes(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await fsp.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += (await fsp.stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

export async function runRcloneCrypt(options: { source: string; destination: string; configFile: string; transfers: number }): Promise<RcloneRun> {
  await fsp.mkdir(options.destination, { recursive: true });
  const remote = await writeCryptConfig(options.configFile, options.destination);
  const started = performance.now();
  await run('rclone', ['--config', options.configFile, 'sync', '--transfers', String(options.transfers), options.source, `${remote}:`]);
  const ms = performance.now() - started;
  await run('sync', ['-f', options.destination]);
  const durableMs = performance.now() - started;
  const written = await folderBytes(options.destination);
  return { version: await rcloneVersion(), ms, durableMs, files: written.files, bytesWritten: written.bytes };
}
