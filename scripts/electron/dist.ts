import { createRequire } from 'node:module';
import path from 'node:path';
import { installedElectronVersion } from './electron-binary';
import { repoRoot } from './paths';
import { prepareElectronApp } from './prepare';
import { run } from './run';

/**
 * `npm run dist`: a production build of the staged app, then electron-builder (electron-builder.yml)
 * packages that folder. electron-builder downloads the Electron release for the target platform itself,
 * so this needs network access to GitHub; the local Electron binary is not used. Extra arguments go to
 * electron-builder (e.g. `npm run dist -- --linux AppImage`).
 */
await prepareElectronApp({ electronVersion: installedElectronVersion(), production: true });
const require = createRequire(import.meta.url);
const builderPkg = require.resolve('electron-builder/package.json');
const builderCli = path.join(path.dirname(builderPkg), (require(builderPkg) as { bin: Record<string, string> }).bin['electron-builder']!);
await run(process.execPath, [builderCli, '--config', 'electron-builder.yml', ...process.argv.slice(2)], { cwd: repoRoot });
