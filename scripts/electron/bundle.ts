import { build, type BuildOptions, type Metafile } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { RUNTIME_EXTERNALS } from './externals';
import { distElectronDir, repoRoot } from './paths';

/** Every module a bundle still imports at run time (its externals). */
function runtimeImports(metafile: Metafile): string[] {
  return [...new Set(Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)))].sort();
}

/**
 * Bundles the main process and the preload into one CommonJS file each (dist/electron/). The preload
 * must be self-contained: a sandboxed preload can require only `electron` and a few polyfills, so the
 * build fails if anything else is left external there.
 */
function commonOptions(production: boolean): BuildOptions {
  return {
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'cjs',
    sourcemap: production ? false : 'linked',
    minify: production,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  };
}

/** How the main process's code is bundled (entry and output aside): tests bundle engine code the same way. */
export function mainBundleOptions(production: boolean): BuildOptions {
  return {
    ...commonOptions(production),
    platform: 'node',
    // Electron 38 runs Node 22.
    target: 'node22',
    // `import('keytar')` in the engine becomes require(): Electron's CommonJS loader is the one that
    // knows app.asar and app.asar.unpacked, where the native addons live once packaged.
    supported: { 'dynamic-import': false },
    external: ['electron', ...RUNTIME_EXTERNALS],
  };
}

export async function buildElectronBundles({ production, outDir = distElectronDir }: { production: boolean; outDir?: string }): Promise<void> {
  const common = commonOptions(production);
  // A production build must not ship a development build's source maps.
  rmSync(outDir, { recursive: true, force: true });
  const [main, preload] = await Promise.all([
    build({ ...mainBundleOptions(production), entryPoints: ['electron/main/main.ts'], outfile: path.join(outDir, 'main.cjs') }),
    build({
      ...common,
      entryPoints: ['electron/preload/preload.ts'],
      outfile: path.join(outDir, 'preload.cjs'),
      // The preload runs in the renderer (Chromium 140), not in Node.
      platform: 'browser',
      target: 'chrome140',
      external: ['electron'],
    }),
  ]);
  const preloadImports = runtimeImports(preload.metafile!);
  if (preloadImports.some((i) => i !== 'electron')) {
    throw new Error(`the preload bundle must import nothing but electron; it imports ${preloadImports.join(', ')}`);
  }
  const allowed = new Set<string>(['electron', ...RUNTIME_EXTERNALS]);
  const stray = runtimeImports(main.metafile!).filter((i) => !allowed.has(i) && !i.startsWith('node:'));
  if (stray.length) throw new Error(`the main bundle imports packages that are not shipped: ${stray.join(', ')}`);
}
