import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describeError, isStrongroomError, StrongroomError } from '../errors';
import type { KeychainDriver } from '../keys/keychain';
import { Vault, type UnlockMethod } from '../vault/vault';
import type { SyncBackend } from './backends/backend';
import { deriveSyncKeys, wipeSyncKeys } from './envelope/sync-keys';
import type { SyncProblem } from './pass/problems';
import { listRemoteHeaders, type RemoteHeader } from './pass/remote-header';
import { bootstrapFromRemote } from './pass/snapshots';
import { runSyncPass, type SyncPassOptions, type SyncPassReport } from './sync-pass';
import { writeSyncTarget, type SyncTarget } from './target-settings';

/**
 * A new device joins a vault through its sync target (docs/architecture.md, "Sync: join"):
 *   1. read the vault headers on the remote (plain, see pass/remote-header.ts);
 *   2. open one with the passphrase or recovery key (the header's MAC is checked);
 *   3. create the new folder: that header, an empty catalog with its own device id;
 *   4. start the catalog from the newest snapshot that opens and proves its state;
 *   5. one pass: the batches after the snapshot's marks, the blobs, this device's header.
 * A join that fails before step 5 removes what it created, so it can simply be run again; the folder
 * must be new or empty, so nothing of the user's is ever removed. Once the snapshot is in, the vault is
 * a working device: a failure of the first pass is returned with it (`strongroom sync` resumes).
 */
export interface JoinResult {
  vault: Vault;
  snapshot: string;
  /** The first pass, or null when it failed (the vault is joined all the same; `sync` resumes it). */
  pass: SyncPassReport | null;
  passError: unknown;
  problems: SyncProblem[];
}

async function assertEmptyFolder(dir: string): Promise<boolean> {
  try {
    const entries = await fsp.readdir(dir);
    if (entries.length > 0) throw new StrongroomError('VAULT_EXISTS', `the folder ${dir} is not empty; join into a new or empty folder`);
    return false;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/** Headers in the order to try: newest passphrase (or recovery) slot first, one per distinct slot. */
function candidates(headers: RemoteHeader[], method: UnlockMethod): RemoteHeader[] {
  const type = method.kind === 'recovery' ? 'recovery' : 'passphrase';
  const slotOf = (h: RemoteHeader) => h.header.slots.find((s) => s.type === type);
  const sorted = headers.filter((h) => slotOf(h)).sort((a, b) => (slotOf(b)!.createdAt < slotOf(a)!.createdAt ? -1 : 1));
  const seen = new Set<string>();
  return sorted.filter((h) => {
    const id = slotOf(h)!.id;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

async function openHeader(dir: string, headers: RemoteHeader[], method: UnlockMethod, keychain: KeychainDriver | null): Promise<Vault> {
  const tries = candidates(headers, method);
  let lastError: unknown = new StrongroomError('NOT_FOUND', 'no vault header on the sync target offers this unlock method');
  for (const h of tries) {
    try {
      return await Vault.createFromHeader(dir, h.header, method, keychain);
    } catch (err) {
      // A wrong secret for this header: an older header may hold the slot the secret opens.
      if ((err as StrongroomError).code === 'WRONG_PASSPHRASE' || (err as StrongroomError).code === 'WRONG_RECOVERY_KEY') {
        lastError = err;
        continue;
      }
      throw err;
    }
  }
  throw lastError;
}

export async function joinVault(
  dir: string,
  backend: SyncBackend,
  target: SyncTarget,
  method: UnlockMethod,
  options: SyncPassOptions & { keychain?: KeychainDriver | null } = {},
): Promise<JoinResult> {
  if (method.kind === 'keychain') throw new StrongroomError('INVALID_ARGUMENT', 'a new device joins with the passphrase or the recovery key');
  const created = await assertEmptyFolder(dir);
  const { headers } = await listRemoteHeaders(backend, options.signal);
  if (headers.length === 0) {
    throw new StrongroomError('NOT_FOUND', `${backend.description} holds no Strongroom sync target (no vault header); connect a device to it first with "strongroom sync connect"`);
  }
  const ids = new Set(headers.map((h) => h.header.vaultId));
  if (ids.size > 1) throw new StrongroomError('CONFLICT', `${backend.description} holds the headers of ${ids.size} different vaults; it cannot be joined safely`);
  const vault = await openHeader(dir, headers, method, options.keychain ?? null);
  try {
    const syncKey = vault.syncKey();
    const keys = deriveSyncKeys(syncKey);
    syncKey.fill(0);
    let boot;
    try {
      boot = await bootstrapFromRemote(vault.db, backend, keys.objects, options.signal);
    } finally {
      wipeSyncKeys(keys);
    }
    if (!boot.used) {
      const why = boot.problems.length ? `: ${boot.problems.map((p) => p.message).join('; ')}` : ' yet; run "strongroom sync" on a connected device first';
      throw new StrongroomError('NOT_FOUND', `${backend.description} holds no usable snapshot${why}`);
    }
    writeSyncTarget(vault.db, target);
    let pass: SyncPassReport | null = null;
    let passError: unknown = null;
    try {
      pass = await runSyncPass(vault, backend, { ...options, skipSnapshot: true });
    } catch (err) {
      passError = err;
    }
    return { vault, snapshot: boot.used, pass, passError, problems: [...boot.problems, ...(pass?.problems ?? [])] };
  } catch (err) {
    vault.close();
    const cleanup = await removeJoinLeftovers(dir, created).then(
      () => null,
      (e: unknown) => e,
    );
    if (cleanup) {
      throw new StrongroomError(
        isStrongroomError(err) ? err.code : 'CONFLICT',
        `${describeError(err)} (the half-made folder ${dir} could not be removed: ${describeError(cleanup)}; empty it before joining again)`,
      );
    }
    throw err;
  }
}

/** Removes what a failed join made in a folder that was new or empty before. */
async function removeJoinLeftovers(dir: string, createdFolder: boolean): Promise<void> {
  if (createdFolder) {
    await fsp.rm(dir, { recursive: true, force: true });
    return;
  }
  for (const entry of await fsp.readdir(dir)) await fsp.rm(path.join(dir, entry), { recursive: true, force: true });
}
