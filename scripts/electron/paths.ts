import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the Electron build and the staged app live (all git-ignored build output). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const distDir = path.join(repoRoot, 'dist');
export const distElectronDir = path.join(distDir, 'electron');
export const distRendererDir = path.join(distDir, 'renderer');
/** Cache of Electron-ABI native modules and the staged app (see stage-app.ts). */
export const nativeCacheDir = path.join(repoRoot, '.electron-native');
export const stagedAppDir = path.join(nativeCacheDir, 'app');
export const nativeStampFile = path.join(nativeCacheDir, 'stamp.json');
/** node-gyp's header cache for the Electron target, kept apart from the headers of the system's Node. */
export const electronHeadersDir = path.join(nativeCacheDir, 'headers');
