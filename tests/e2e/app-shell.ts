import { createCore } from '../../electron/core/index';
import type { KeychainDriver } from '../../electron/core/keys/keychain';
import { startWebShell, type WebShell } from '../../electron/web/server';
import { RENDERER_DIST } from './renderer-build';

/**
 * The real browser shell (`strongroom web`) started in this process on 127.0.0.1 and a random port,
 * serving the built renderer over a vault folder that may not exist yet. No keychain unless given: the
 * tests and benchmarks unlock with the passphrase, as a person at a headless machine would.
 * No vitest import here: bench/ui-*.ts shares this file.
 */
export interface AppShell {
  shell: WebShell;
  /** The printed address, with the one-time token in its fragment. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  vaultDir: string;
  /** What the shell logged (errors of API calls land here). */
  logs: string[];
  close(): Promise<void>;
}

export async function startAppShell(vaultDir: string, options: { keychain?: KeychainDriver } = {}): Promise<AppShell> {
  const logs: string[] = [];
  const shell = await startWebShell({
    core: createCore({ keychain: options.keychain ?? null }),
    vaultDir,
    port: 0,
    sharePort: 0,
    host: '127.0.0.1',
    rendererDir: RENDERER_DIST,
    log: (message) => logs.push(message),
  });
  return { shell, url: shell.url, origin: `http://127.0.0.1:${shell.port}`, vaultDir, logs, close: () => shell.close() };
}
