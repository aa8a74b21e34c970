import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { ingest } from '../../../electron/core/ingest/ingest';
import type { SyncBackend } from '../../../electron/core/sync/backends/backend';
import { joinVault } from '../../../electron/core/sync/join';
import { wantedBlobs } from '../../../electron/core/sync/pass/wanted-blobs';
import { stateHash } from '../../../electron/core/sync/ops/snapshot';
import { runSyncPass, type SyncPassOptions, type SyncPassReport } from '../../../electron/core/sync/sync-pass';
import { writeSyncTarget, type SyncTarget } from '../../../electron/core/sync/target-settings';
import { Vault } from '../../../electron/core/vault/vault';
import { fixturesDir, TEST_PASSPHRASE } from '../../helpers/vault';

export const photo = (name: string) => path.join(fixturesDir, 'photos', name);

/** The first device of a vault, connected to a target. */
export async function createOrigin(dir: string, target: SyncTarget): Promise<{ vault: Vault; recoveryKey: string }> {
  const { vault, recoveryKey } = await Vault.create(dir, { passphrase: TEST_PASSPHRASE, keychain: null });
  writeSyncTarget(vault.db, target);
  return { vault, recoveryKey };
}

export async function importPhotos(vault: Vault, names: string[]): Promise<string[]> {
  const report = await ingest(vault, names.map((n) => ({ kind: 'file' as const, path: photo(n) })), { concurrency: 1 });
  expect(report.refused).toEqual([]);
  return report.imported.map((i) => i.assetId);
}

export async function join(dir: string, backend: SyncBackend, target: SyncTarget, secret: { passphrase?: string; recoveryKey?: string }): Promise<Vault> {
  const method = secret.recoveryKey ? { kind: 'recovery' as const, recoveryKey: secret.recoveryKey } : { kind: 'passphrase' as const, passphrase: secret.passphrase ?? TEST_PASSPHRASE };
  const result = await joinVault(dir, backend, target, method);
  if (result.passError) throw result.passError;
  expect(result.problems).toEqual([]);
  return result.vault;
}

export async function pass(vault: Vault, backend: SyncBackend, options?: SyncPassOptions): Promise<SyncPassReport> {
  const report = await runSyncPass(vault, backend, options);
  expect(report.problems).toEqual([]);
  return report;
}

/** Equal merged state everywhere, and every blob each catalog wants is present. */
export async function expectConverged(vaults: Vault[]): Promise<void> {
  const hashes = vaults.map((v) => stateHash(v.db));
  expect(new Set(hashes).size, 'state hashes differ').toBe(1);
  for (const v of vaults) {
    for (const id of wantedBlobs(v.db)) expect(await v.blobs.has(id), `blob ${id} missing in ${v.dir}`).toBe(true);
  }
}

/** Every file under a folder target, by relative name. */
export function remoteFiles(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const p = path.join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(root, p), readFileSync(p));
    }
  };
  walk(root);
  return out;
}
