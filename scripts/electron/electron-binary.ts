import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronBinary = { ok: true; path: string; version: string } | { ok: false; reason: string };

const require = createRequire(import.meta.url);

/**
 * The Electron executable the `electron` package downloaded at install time. Installed with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1, the package is there (types, version) but `require('electron')`
 * throws or names a file that does not exist.
 */
export function locateElectronBinary(): ElectronBinary {
  let version: string;
  try {
    version = (require('electron/package.json') as { version: string }).version;
  } catch {
    return { ok: false, reason: 'the electron package is not installed (run npm ci)' };
  }
  let binary: unknown;
  try {
    binary = require('electron');
  } catch (err) {
    return { ok: false, reason: `the Electron ${version} binary was never downloaded (${(err as Error).message})` };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) {
    return { ok: false, reason: `the Electron ${version} binary is missing (expected at ${String(binary)})` };
  }
  return { ok: true, path: binary, version };
}

/** The installed electron package's version, whether or not its binary was downloaded. */
export function installedElectronVersion(): string {
  return (require('electron/package.json') as { version: string }).version;
}

export function electronMissingHelp(reason: string): string {
  return [
    `Strongroom cannot open the desktop app: ${reason}.`,
    'The electron package downloads its binary when it is installed, unless ELECTRON_SKIP_BINARY_DOWNLOAD=1',
    'is set (as on machines that cannot reach GitHub). On a machine that can download it:',
    '  unset ELECTRON_SKIP_BINARY_DOWNLOAD && node node_modules/electron/install.js',
    'The CLI works without Electron: node bin/strongroom.mjs --help',
  ].join('\n');
}
