import { spawnSync } from 'node:child_process';

/**
 * Makes a folder read-only for this process; `undo` restores it. Root ignores permission bits, so as
 * root the folder is made immutable instead (chattr +i), which stops root too.
 */
export function makeReadOnly(dir: string): { undo(): void } {
  if (process.getuid?.() !== 0) {
    spawnSync('chmod', ['0555', dir]);
    return { undo: () => void spawnSync('chmod', ['0755', dir]) };
  }
  const set = spawnSync('chattr', ['+i', dir]);
  if (set.status !== 0) throw new Error(`cannot make ${dir} read-only as root: ${set.stderr.toString()}`);
  return { undo: () => void spawnSync('chattr', ['-i', dir]) };
}
