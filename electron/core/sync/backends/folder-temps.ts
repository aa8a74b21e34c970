import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The folder backend's temp files (`.strongroom-tmp/`): where an object is written or copied before its
 * group commit publishes it. A writer that is killed leaves its temps behind; they are never read, only
 * swept. A temp's name says who wrote it: `<machine>-<pid>-<hex16>`, the machine as a short hash (the
 * folder is shared storage: no machine name in it). So a temp whose writer ran on this machine and is
 * no longer running goes at the next open; any other (another machine's, or one written before names
 * carried their writer) only once it is a day old, when no live writer can still be filling it.
 */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;
const MACHINE_TAG = machineTag();
const OWNED_TEMP = /^([0-9a-f]{8})-(\d+)-[0-9a-f]{16}$/;

/**
 * The host name and the hardware addresses of the network interfaces. The host name alone is not
 * enough: default names ("raspberrypi", "MacBook-Pro.local") repeat across machines, and a machine
 * taking another's live temp for its own dead writer's would delete it under that writer. A tag that
 * changes (an interface added) only makes this machine's old temps wait the day: the safe direction.
 */
function machineTag(): string {
  const hardware = Object.values(os.networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => !address.internal && address.mac !== '00:00:00:00:00:00')
    .map((address) => address.mac);
  return createHash('sha256')
    .update([os.hostname(), ...[...new Set(hardware)].sort()].join('\n'))
    .digest('hex')
    .slice(0, 8);
}

export function newTempName(): string {
  return `${MACHINE_TAG}-${process.pid}-${randomBytes(8).toString('hex')}`;
}

/** True when process `pid` of this machine has ended (a pid in use by someone else's process counts as alive). */
function hasEnded(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function isAbandonedTemp(name: string, mtimeMs: number, now: number): boolean {
  if (now - mtimeMs > STALE_TEMP_MS) return true;
  const owned = OWNED_TEMP.exec(name);
  if (!owned || owned[1] !== MACHINE_TAG) return false;
  const pid = Number(owned[2]);
  return pid !== process.pid && hasEnded(pid);
}

/** Removes the abandoned temp files in `dir`; returns how many went. */
export async function sweepTemps(dir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name);
    const stat = await fsp.lstat(file).catch(() => null);
    if (stat?.isFile() && isAbandonedTemp(name, stat.mtimeMs, now)) {
      await fsp.rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
