import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIME_EXTERNALS } from '../../scripts/electron/externals';
import { addonAbi, addonsOf, needsRebuild } from '../../scripts/electron/native-abi';
import { productionClosure } from '../../scripts/electron/package-closure';
import { repoRoot } from '../../scripts/electron/paths';

/** Checks the pieces of the staging step against the project's real node_modules (no Electron needed). */
const closure = productionClosure(repoRoot, RUNTIME_EXTERNALS);
const dirOf = (name: string) => closure.find((p) => p.name === name)!.dir;

describe('run-time closure of the native externals', () => {
  it('holds the externals and what they load, found where Node would find them', () => {
    const names = closure.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([...RUNTIME_EXTERNALS, 'bindings', 'detect-libc', 'semver']));
    // sharp's prebuilt binary for this platform is an installed optional dependency.
    expect(names.some((n) => n.startsWith('@img/sharp-') && !n.startsWith('@img/sharp-libvips'))).toBe(true);
    const require = createRequire(path.join(repoRoot, 'package.json'));
    expect(dirOf('sharp')).toBe(path.dirname(require.resolve('sharp/package.json')));
  });

  it('leaves out everything the bundle inlines and all build tooling', () => {
    const names = new Set(closure.map((p) => p.name));
    for (const name of ['electron', 'react', 'zod', 'exifr', 'tsx', 'vite', 'esbuild', 'typescript', 'electron-builder']) expect(names.has(name)).toBe(false);
  });
});

describe('native addon ABI detection', () => {
  it('knows N-API addons (keytar, sharp) load in Electron as they are', () => {
    for (const name of ['keytar', ...closure.filter((p) => /^@img\/sharp-(?!libvips)/.test(p.name)).map((p) => p.name)]) {
      const addons = addonsOf(dirOf(name));
      expect(addons.length, name).toBeGreaterThan(0);
      expect(addons.map((a) => addonAbi(a).kind)).toEqual(addons.map(() => 'napi'));
      expect(needsRebuild(dirOf(name))).toBe(false);
    }
  });

  it("knows better-sqlite3-multiple-ciphers is built for this Node's ABI and must be rebuilt for Electron", () => {
    const dir = dirOf('better-sqlite3-multiple-ciphers');
    expect(addonAbi(path.join(dir, 'build', 'Release', 'better_sqlite3.node'))).toEqual({ kind: 'abi', version: Number(process.versions.modules) });
    expect(needsRebuild(dir)).toBe(true);
  });
});
