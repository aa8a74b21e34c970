import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { electronHeadersDir, repoRoot } from './paths';
import { run } from './run';

/** The runtime native modules are built for. `nodedir` points node-gyp at local headers (offline). */
export interface NativeTarget {
  runtime: 'electron' | 'node';
  version: string;
  arch: string;
  distUrl?: string;
  nodedir?: string;
}

export function electronTarget(version: string, env: NodeJS.ProcessEnv = process.env): NativeTarget {
  return {
    runtime: 'electron',
    version,
    arch: process.arch,
    distUrl: 'https://electronjs.org/headers',
    // Offline machines can unpack node-v<version>-headers.tar.gz from Electron's releases and point here.
    ...(env.STRONGROOM_ELECTRON_HEADERS ? { nodedir: env.STRONGROOM_ELECTRON_HEADERS } : {}),
  };
}

/**
 * Settings that would silently retarget a build. npm exports its config to child processes as
 * npm_config_* (a user-level `nodedir=/usr` is common on machines without internet access), and
 * node-gyp and prebuild-install read those variables whenever a flag is not given; an inherited
 * `nodedir` would build against the system Node's headers, i.e. for the wrong ABI.
 */
const RETARGETING = /^npm_config_(nodedir|target|target_arch|arch|runtime|disturl|dist_url|devdir|build_from_source|platform)$/i;

function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!RETARGETING.test(key)) env[key] = value;
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

/** npm's own node-gyp (the one `npm ci` built the modules with), else the project's copy. */
function nodeGypCli(): string {
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath && path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  for (const candidate of candidates) if (candidate && /\.[cm]?js$/.test(candidate) && existsSync(candidate)) return candidate;
  try {
    return createRequire(path.join(repoRoot, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    throw new Error('node-gyp was not found; run this through npm (npm start / npm run dist)');
  }
}

/**
 * Rebuilds one staged package (never the project's own copy) for `target`, the way its install script
 * would (better-sqlite3-multiple-ciphers: `prebuild-install || node-gyp rebuild --release`), but with
 * every target setting passed as an explicit flag: first a matching prebuilt binary from the package's
 * releases, if it uses prebuild-install; failing that, a build from source against the target's headers
 * (Electron's come from electronjs.org/headers and are cached in .electron-native/headers).
 */
export async function rebuildNative(packageDir: string, target: NativeTarget, log: (m: string) => void): Promise<void> {
  const env = buildEnv();
  const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
  if (pkg.dependencies?.['prebuild-install']) {
    try {
      const prebuild = createRequire(path.join(packageDir, 'package.json')).resolve('prebuild-install/bin.js');
      await run(process.execPath, [prebuild, '--runtime', target.runtime, '--target', target.version, '--arch', target.arch, '--platform', process.platform], { cwd: packageDir, env });
      return;
    } catch (err) {
      log(`no prebuilt ${pkg.name} for ${target.runtime} ${target.version} (${(err as Error).message}); building from source`);
    }
  }
  const args = ['rebuild', '--release', `--runtime=${target.runtime}`, `--target=${target.version}`, `--arch=${target.arch}`, `--devdir=${electronHeadersDir}`];
  if (target.distUrl) args.push(`--dist-url=${target.distUrl}`);
  if (target.nodedir) args.push(`--nodedir=${target.nodedir}`);
  await run(process.execPath, [nodeGypCli(), ...args], { cwd: packageDir, env });
}
