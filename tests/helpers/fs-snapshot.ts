import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Every regular file below `dir` as relative path -> "sha256 mode", sorted by path. Comparing two
 * snapshots proves an operation wrote, created and deleted nothing (directories are listed too, so a
 * new empty folder also shows up).
 */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const relPath = path.posix.join(rel, entry.name);
      const full = path.join(dir, relPath);
      const mode = (statSync(full).mode & 0o7777).toString(8);
      if (entry.isDirectory()) {
        out[`${relPath}/`] = `dir ${mode}`;
        walk(relPath);
      } else {
        out[relPath] = `${createHash('sha256').update(readFileSync(full)).digest('hex')} ${mode}`;
      }
    }
  };
  walk('');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
