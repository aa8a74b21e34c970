// Bundles electron/main/main.ts → dist/electron/main.cjs and electron/preload/preload.ts →
// dist/electron/preload.cjs (esbuild). `--production` minifies and drops source maps.
import { register } from 'tsx/esm/api';

register();
const { buildElectronBundles } = await import('./electron/bundle.ts');
await buildElectronBundles({ production: process.argv.includes('--production') });
