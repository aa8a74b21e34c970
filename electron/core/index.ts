import { exportAssets, type ExportOptions, type ExportRequest } from './export/export-assets';
import { setImagingResourcesDir } from './imaging/fonts';
import type { KeychainDriver } from './keys/keychain';
import { ingest, type IngestOptions, type IngestSource } from './ingest/ingest';
import { fetchMissingBlobsFromTarget } from './sync/originals-on-demand';
import { SyncService, type SyncServiceOptions } from './sync/service/sync-service';
import { collectGarbage, verifyVault } from './vault/maintenance';
import { inspectVault, Vault, type UnlockMethod } from './vault/vault';

/**
 * The composition root: every dependency with a platform behind it is passed in here, once, by the
 * shell that runs the engine (CLI, tests, browser shell, Electron main). Nothing inside the core
 * reaches for a global service.
 */
export interface CoreDeps {
  /** The device's keychain, or null where none is usable (headless CI, `--no-keychain`). */
  keychain: KeychainDriver | null;
  /** The folder holding `fonts/` for watermarks (a packaged app's resources); by default this checkout's resources/. */
  resourcesDir?: string;
}

export function createCore(deps: CoreDeps) {
  if (deps.resourcesDir !== undefined) setImagingResourcesDir(deps.resourcesDir);
  return {
    keychain: deps.keychain,
    inspectVault,
    createVault: async (dir: string, options: { passphrase: string; useKeychain?: boolean }) => {
      const created = await Vault.create(dir, { passphrase: options.passphrase, keychain: options.useKeychain === false ? null : deps.keychain });
      return { ...created, vault: fetchMissingBlobsFromTarget(created.vault, deps.keychain) };
    },
    // A blob this device lacks (an original not kept here) comes from the sync target on first read.
    openVault: async (dir: string, method: UnlockMethod) => fetchMissingBlobsFromTarget(await Vault.open(dir, method, deps.keychain), deps.keychain),
    ingest: (vault: Vault, sources: IngestSource[], options?: IngestOptions) => ingest(vault, sources, options),
    /** The only way plaintext leaves the vault: renditions through the imaging pipeline into a folder. */
    exportAssets: (vault: Vault, request: ExportRequest, options?: ExportOptions) => exportAssets(vault, request, options),
    /** The app's background sync; S3 keys go to (and come from) this device's keychain. */
    createSyncService: (options: Omit<SyncServiceOptions, 'keychain'> = {}) => new SyncService({ ...options, keychain: deps.keychain }),
    verify: verifyVault,
    collectGarbage,
  };
}

export type Core = ReturnType<typeof createCore>;
export type { Vault, UnlockMethod };
