import path from 'node:path';

/**
 * Where the built pieces sit relative to the app root (`app.getAppPath()`): the same layout in the
 * packaged app.asar and in the staged development app (.electron-native/app, see scripts/electron).
 */
export function appPaths(appRoot: string) {
  return {
    renderer: path.join(appRoot, 'dist', 'renderer'),
    preload: path.join(appRoot, 'dist', 'electron', 'preload.cjs'),
  };
}
