import { buildElectronBundles } from './bundle';
import { electronTarget } from './rebuild-native';
import { runNpm } from './run';
import { stageApp } from './stage-app';

/**
 * Everything between the sources and a launchable (or packageable) app: the renderer build (owned by
 * the renderer's own script), the two bundles, and the staged app with Electron-ABI native modules.
 */
export async function prepareElectronApp({ electronVersion, production }: { electronVersion: string; production: boolean }): Promise<string> {
  await runNpm(['run', 'build:renderer']);
  await buildElectronBundles({ production });
  return stageApp(electronTarget(electronVersion));
}
