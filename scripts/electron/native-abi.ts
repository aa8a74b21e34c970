import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which runtime a native addon (.node file) can load in. N-API addons export
 * `napi_register_module_v1` and load in Node and Electron alike (keytar, sharp). Others export
 * `node_register_module_v<NODE_MODULE_VERSION>` and load only where that ABI matches exactly
 * (better-sqlite3-multiple-ciphers: Node 20 is 115, Electron 38 is 139). An addon with neither symbol
 * (e.g. a SQLite extension shipped alongside) is "unknown" and treated as ABI-bound.
 */
export type AddonAbi = { kind: 'napi' } | { kind: 'abi'; version: number } | { kind: 'unknown' };

export function addonAbi(file: string): AddonAbi {
  const text = readFileSync(file).toString('latin1');
  const match = /node_register_module_v(\d+)/.exec(text);
  if (match) return { kind: 'abi', version: Number(match[1]) };
  return text.includes('napi_register_module_v1') ? { kind: 'napi' } : { kind: 'unknown' };
}

/** The .node files of one package, not descending into packages nested in its node_modules. */
export function addonsOf(packageDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (entry.isFile() && entry.name.endsWith('.node')) out.push(full);
    }
  };
  walk(packageDir);
  return out;
}

/** A package must be rebuilt for another runtime unless every addon it ships is N-API. */
export function needsRebuild(packageDir: string): boolean {
  return addonsOf(packageDir).some((file) => addonAbi(file).kind !== 'napi');
}
