import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RUNTIME_EXTERNALS } from './externals';
import { addonAbi, addonsOf, needsRebuild } from './native-abi';
import { productionClosure, type InstalledPackage } from './package-closure';
import { distElectronDir, distRendererDir, nativeCacheDir, nativeStampFile, repoRoot, stagedAppDir } from './paths';
import { rebuildNative, type NativeTarget } from './rebuild-native';

/*
 * The staged app (.electron-native/app) is the Electron app exactly as it ships:
 *
 *   package.json            name, version, main, and only the run-time externals as dependencies
 *   dist/electron/*.cjs     the main and preload bundles
 *   dist/renderer/          the built UI
 *   node_modules/           the run-time closure of the externals, copied from the project's
 *                           node_modules, with the ABI-bound addons rebuilt for Electron
 *
 * Why a copy: the project's node_modules must stay built for Node, or `npm test` (plain Node) breaks
 * after `npm start`, and vice versa. Rebuilding in place (what electron-rebuild and electron-builder do
 * by default) cannot serve both. Node resolves a module from the requiring file's folder upwards, so
 * the bundles in the staged app find the staged node_modules first, with no NODE_PATH or loader
 * tricks, and packaging (electron-builder, `directories.app`) takes the very same folder.
 *
 * The node_modules part is cached: it is rebuilt only when the target (Electron version, arch) or an
 * installed package version changes (.electron-native/stamp.json). The bundles and UI are copied fresh
 * every time.
 */

interface Stamp {
  target: NativeTarget;
  packages: string[];
}

function readStamp(): Stamp | null {
  try {
    return JSON.parse(readFileSync(nativeStampFile, 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

/** Build leftovers and nested packages (copied as packages of their own) stay behind. */
function copyFilter(pkg: InstalledPackage, dropBuild: boolean) {
  return (src: string): boolean => {
    const segments = path.relative(pkg.dir, src).split(path.sep);
    if (segments[0] === 'node_modules') return false;
    if (segments[0] === 'build' && (dropBuild || segments.some((s) => s === 'obj' || s === 'obj.target' || s === '.deps'))) return false;
    return true;
  };
}

/** After a rebuild only the addons themselves are needed from build/ (the rest is compiler output). */
function pruneBuildDir(packageDir: string): void {
  const release = path.join(packageDir, 'build', 'Release');
  if (!existsSync(release)) return;
  for (const entry of readdirSync(path.join(packageDir, 'build'))) {
    if (entry !== 'Release') rmSync(path.join(packageDir, 'build', entry), { recursive: true, force: true });
  }
  for (const entry of readdirSync(release)) {
    if (!entry.endsWith('.node')) rmSync(path.join(release, entry), { recursive: true, force: true });
  }
}

/** Refuses a staged addon that still registers for the ABI of the Node running this script. */
function verifyRebuilt(packageDir: string, target: NativeTarget): void {
  const addons = addonsOf(packageDir);
  if (addons.length === 0) throw new Error(`rebuilding ${packageDir} produced no native addon`);
  if (target.runtime !== 'electron') return;
  for (const file of addons) {
    const abi = addonAbi(file);
    if (abi.kind === 'abi' && abi.version === Number(process.versions.modules)) {
      throw new Error(`${file} was built for Node's ABI (${abi.version}), not Electron's; check npm's nodedir setting`);
    }
  }
}

async function stageNodeModules(target: NativeTarget, log: (m: string) => void): Promise<void> {
  const closure = productionClosure(repoRoot, RUNTIME_EXTERNALS);
  const stamp: Stamp = { target, packages: closure.map((p) => `${p.relDir}@${p.version}`) };
  const modulesDir = path.join(stagedAppDir, 'node_modules');
  if (existsSync(modulesDir) && JSON.stringify(readStamp()) === JSON.stringify(stamp)) {
    log(`native modules for ${target.runtime} ${target.version} (${target.arch}) are up to date`);
    return;
  }
  rmSync(nativeStampFile, { force: true });
  rmSync(modulesDir, { recursive: true, force: true });
  const rebuild = closure.filter((p) => needsRebuild(p.dir));
  for (const pkg of closure) {
    cpSync(pkg.dir, path.join(stagedAppDir, pkg.relDir), { recursive: true, filter: copyFilter(pkg, rebuild.includes(pkg)) });
  }
  log(`rebuilding ${rebuild.map((p) => p.name).join(', ') || 'nothing'} for ${target.runtime} ${target.version} (${target.arch})`);
  for (const pkg of rebuild) {
    const staged = path.join(stagedAppDir, pkg.relDir);
    try {
      await rebuildNative(staged, target, log);
    } catch (err) {
      throw new Error(
        `could not build ${pkg.name} for ${target.runtime} ${target.version}: ${(err as Error).message}. ` +
          'That needs a C/C++ toolchain and Python, plus either network access to electronjs.org (for the headers) ' +
          'or STRONGROOM_ELECTRON_HEADERS set to an unpacked node-v<version>-headers folder from the Electron release.',
        { cause: err },
      );
    }
    pruneBuildDir(staged);
    verifyRebuilt(staged, target);
  }
  writeFileSync(nativeStampFile, `${JSON.stringify(stamp, null, 2)}\n`);
}

function writeAppPackageJson(): void {
  const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown> & {
    dependencies: Record<string, string>;
  };
  const dependencies = Object.fromEntries(RUNTIME_EXTERNALS.map((name) => [name, root.dependencies[name]]));
  const app = {
    name: root.name,
    productName: 'Strongroom',
    version: root.version,
    description: root.description,
    license: root.license,
    author: { name: 'Strongroom', email: 'maintainers@strongroom.invalid' },
    private: true,
    main: 'dist/electron/main.cjs',
    dependencies,
  };
  writeFileSync(path.join(stagedAppDir, 'package.json'), `${JSON.stringify(app, null, 2)}\n`);
}

/** Copies the build output into the staged app (fresh each time) and makes sure its node_modules fit. */
export async function stageApp(target: NativeTarget, log: (m: string) => void = (m) => console.log(`[stage] ${m}`)): Promise<string> {
  for (const [dir, what] of [
    [distElectronDir, 'the Electron bundles (scripts/build-electron.mjs)'],
    [distRendererDir, 'the renderer (npm run build:renderer)'],
  ] as const) {
    if (!existsSync(dir)) throw new Error(`${path.relative(repoRoot, dir)} is missing: build ${what} first`);
  }
  mkdirSync(nativeCacheDir, { recursive: true });
  mkdirSync(stagedAppDir, { recursive: true });
  await stageNodeModules(target, log);
  const stagedDist = path.join(stagedAppDir, 'dist');
  rmSync(stagedDist, { recursive: true, force: true });
  cpSync(distElectronDir, path.join(stagedDist, 'electron'), { recursive: true });
  cpSync(distRendererDir, path.join(stagedDist, 'renderer'), { recursive: true });
  writeAppPackageJson();
  return stagedAppDir;
}
