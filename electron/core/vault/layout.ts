import os from 'node:os';
import path from 'node:path';

/** Where each part of a vault lives inside its folder (docs/vault-format.md, "Folder layout"). */
export function vaultPaths(dir: string) {
  return {
    dir,
    header: path.join(dir, 'vault.json'),
    catalog: path.join(dir, 'catalog.db'),
    blobs: path.join(dir, 'blobs'),
  };
}

/** The per-user application data folder, as the desktop app uses it. */
export function defaultVaultDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Strongroom', 'vault');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Strongroom', 'vault');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'Strongroom', 'vault');
}
