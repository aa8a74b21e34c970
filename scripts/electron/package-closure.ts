import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface InstalledPackage {
  name: string;
  version: string;
  /** Absolute folder of the installed package. */
  dir: string;
  /** The same folder relative to the project root, e.g. `node_modules/@img/sharp-linux-x64`. */
  relDir: string;
}

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

/** Node's lookup: `<dir>/node_modules/<name>` for `from` and each ancestor up to the project root. */
function findInstalled(name: string, from: string, rootDir: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    }
    if (dir === rootDir || path.dirname(dir) === dir) return null;
  }
}

/**
 * The installed packages `names` need at run time: themselves and, transitively, their dependencies and
 * those optional dependencies that are installed (sharp's binaries for this platform). Each is found the
 * way Node would find it, so copying them to the same relative places reproduces a working tree.
 */
export function productionClosure(rootDir: string, names: readonly string[]): InstalledPackage[] {
  const found = new Map<string, InstalledPackage>();
  const queue: { name: string; from: string; optional: boolean }[] = names.map((name) => ({ name, from: rootDir, optional: false }));
  for (let item = queue.shift(); item; item = queue.shift()) {
    const dir = findInstalled(item.name, item.from, rootDir);
    if (!dir) {
      if (item.optional) continue;
      throw new Error(`${item.name} (needed at run time) is not installed; run npm ci`);
    }
    if (found.has(dir)) continue;
    const pkg = readJson(path.join(dir, 'package.json'));
    found.set(dir, { name: pkg.name, version: pkg.version, dir, relDir: path.relative(rootDir, dir) });
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ name: dep, from: dir, optional: false });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ name: dep, from: dir, optional: true });
  }
  return [...found.values()].sort((a, b) => a.relDir.localeCompare(b.relDir));
}
