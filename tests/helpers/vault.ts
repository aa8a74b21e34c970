import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { createCore, type Core } from '../../electron/core/index';
import { Vault } from '../../electron/core/vault/vault';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The shared fixture images; read in place, never copied into the repository. */
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/images');
export const TEST_PASSPHRASE = 'test passphrase 1';

export interface TestVault {
  core: Core;
  vault: Vault;
  dir: string;
  recoveryKey: string;
}

export interface SuiteVault extends TestVault {
  /** Closes the vault and removes its folder; call it from afterAll. */
  dispose(): void;
}

async function createIn(dir: string): Promise<TestVault> {
  const core = createCore({ keychain: null });
  const { vault, recoveryKey } = await Vault.create(dir, { passphrase: TEST_PASSPHRASE, keychain: null });
  return { core, vault, dir, recoveryKey };
}

/** A fresh directory under `parent` (os.tmpdir()) that the caller removes (for vaults shared by a whole file). */
export function makeSuiteDir(prefix: string, parent = os.tmpdir()): string {
  return mkdtempSync(path.join(parent, `strongroom-${prefix}-`));
}

/**
 * A new vault (no keychain) in a fresh temp folder, for one test: closed and removed when the test
 * finishes. scrypt makes this cost ~0.3 s, so files that can share a vault use createSuiteVault.
 */
export async function createTestVault(): Promise<TestVault> {
  const dir = makeSuiteDir('vault');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const tv = await createIn(path.join(dir, 'vault')).catch((err: unknown) => {
    remove();
    throw err;
  });
  onTestFinished(() => {
    tv.vault.close();
    remove();
  });
  return tv;
}

/** A new vault for a whole test file: create it in beforeAll and call dispose() in afterAll. */
export async function createSuiteVault(prefix = 'suite-vault', parent = os.tmpdir()): Promise<SuiteVault> {
  const dir = makeSuiteDir(prefix, parent);
  const tv = await createIn(path.join(dir, 'vault'));
  return {
    ...tv,
    dispose() {
      tv.vault.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every regular file below `dir` (hidden ones included), as paths relative to `dir`, sorted. */
export function listFilesRecursive(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The files an ingest of `dir` should find: regular files, skipping hidden files and folders. */
export function listVisibleFiles(dir: string): string[] {
  return listFilesRecursive(dir).filter((rel) => !rel.split(path.sep).some((part) => part.startsWith('.')));
}

/** Encrypted blob files in a vault's store (temp files excluded). */
export function blobFiles(vaultDir: string): string[] {
  return listFilesRecursive(path.join(vaultDir, 'blobs')).filter((rel) => /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(rel));
}

/** Leftover temp files ('.tmp-*', as fs/atomic.ts names them) anywhere below `dir`. */
export function tempFiles(dir: string): string[] {
  return listFilesRecursive(dir).filter((rel) => path.basename(rel).startsWith('.tmp-'));
}
