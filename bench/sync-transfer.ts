import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createCore } from '../electron/core/index';
import { openTarget } from '../electron/core/sync/open-target';
import { runSyncPass, type SyncPassReport } from '../electron/core/sync/sync-pass';
import { writeSyncTarget, type SyncTarget } from '../electron/core/sync/target-settings';
import { Vault } from '../electron/core/vault/vault';
import { PHOTO_CACHE_ROOT } from './photos';

const run = promisify(execFile);

/** Flushes every dirty page, so one side's leftovers are not written during the other's timing. */
export async function flushDisk(): Promise<void> {
  await run('sync');
}

export interface VaultContents {
  assets: number;
  originalBytes: number;
  thumbBytes: number;
  previewBytes: number;
  /** The blob files (what a first pass sends), as paths, from the store's own listing. */
  blobPaths: string[];
  blobFileBytes: number;
}

/**
 * A vault holding the photos, imported the normal way (originals, thumbnails, previews, ops), kept in
 * the photo cache so later runs skip the import (ingestMs is then null). Built under a temp name and
 * renamed, so a cached vault is always a whole one.
 */
export async function importedVault(passphrase: string, photos: readonly string[]): Promise<{ dir: string; ingestMs: number | null; contents: VaultContents }> {
  const dir = path.join(PHOTO_CACHE_ROOT, `sync-bench-vault-${photos.length}-${createHash('sha256').update(photos.join('\n')).digest('hex').slice(0, 12)}`);
  let ingestMs: number | null = null;
  if (!existsSync(dir)) {
    const temp = `${dir}.${process.pid}.partial`;
    await fsp.rm(temp, { recursive: true, force: true });
    const { vault } = await Vault.create(temp, { passphrase, keychain: null });
    try {
      const started = performance.now();
      const report = await createCore({ keychain: null }).ingest(vault, photos.map((p) => ({ kind: 'file' as const, path: p })));
      ingestMs = performance.now() - started;
      if (report.refused.length > 0) throw new Error(`photos refused: ${report.refused.map((r) => `${r.source}: ${r.reason}`).join('; ')}`);
    } finally {
      vault.close();
    }
    await fsp.rename(temp, dir);
  }
  const vault = await Vault.open(dir, { kind: 'passphrase', passphrase }, null);
  try {
    return { dir, ingestMs, contents: await vaultContents(vault) };
  } finally {
    vault.close();
  }
}

async function vaultContents(vault: Vault): Promise<VaultContents> {
  const sum = (sql: string) => (vault.db.prepare(sql).pluck().get() as number | null) ?? 0;
  const blobPaths: string[] = [];
  let blobFileBytes = 0;
  for await (const id of vault.blobs.list()) {
    blobPaths.push(vault.blobs.pathFor(id));
    blobFileBytes += (await fsp.stat(blobPaths.at(-1)!)).size;
  }
  return {
    assets: sum('SELECT count(*) FROM assets'),
    originalBytes: sum('SELECT sum(byte_size) FROM versions'),
    thumbBytes: sum("SELECT sum(byte_size) FROM derived_blobs WHERE kind = 'thumb'"),
    previewBytes: sum("SELECT sum(byte_size) FROM derived_blobs WHERE kind = 'preview'"),
    blobPaths,
    blobFileBytes,
  };
}

export interface RemoteContents {
  files: number;
  bytes: number;
  byPrefix: Map<string, { files: number; bytes: number }>;
}

export async function remoteContents(root: string): Promise<RemoteContents> {
  const byPrefix = new Map<string, { files: number; bytes: number }>();
  let files = 0;
  let bytes = 0;
  for (const entry of await fsp.readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const size = (await fsp.stat(file)).size;
    const prefix = path.relative(root, file).split(path.sep)[0]!;
    const slot = byPrefix.get(prefix) ?? { files: 0, bytes: 0 };
    slot.files += 1;
    slot.bytes += size;
    byPrefix.set(prefix, slot);
    files += 1;
    bytes += size;
  }
  return { files, bytes, byPrefix };
}

export interface OurRun {
  ms: number;
  /** This process's CPU time (user + system) during the pass. */
  cpuMs: number;
  report: SyncPassReport;
  remote: RemoteContents;
}

/**
 * One `sync` pass of a copy of the vault to a fresh folder target, timed from its start to its return:
 * by then every object is fsynced, published and its folder fsynced, so the remote is complete and
 * durable. A copy per run, because a pass marks the vault's op batches sent.
 */
export async function runOurSync(options: { vaultDir: string; scratch: string; passphrase: string; concurrency?: number }): Promise<OurRun> {
  const copy = path.join(options.scratch, 'vault');
  const remote = path.join(options.scratch, 'remote');
  await fsp.cp(options.vaultDir, copy, { recursive: true });
  await fsp.mkdir(remote);
  const vault = await Vault.open(copy, { kind: 'passphrase', passphrase: options.passphrase }, null);
  try {
    const target: SyncTarget = { kind: 'folder', path: remote };
    writeSyncTarget(vault.db, target);
    await flushDisk();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const opened = await openTarget(target, options.concurrency ? { retry: { concurrency: options.concurrency } } : {});
    const report = await runSyncPass(vault, opened.backend, options.concurrency ? { concurrency: options.concurrency } : {});
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (report.problems.length > 0) throw new Error(`the pass reported problems: ${report.problems.map((p) => p.message).join('; ')}`);
    return { ms, cpuMs: (used.user + used.system) / 1000, report, remote: await remoteContents(remote) };
  } finally {
    vault.close();
  }
}

