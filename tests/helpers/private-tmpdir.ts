import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Points TMPDIR at a fresh, private folder for the rest of this test process. Import it FIRST in a test
 * file (before anything that loads the engine, sharp or SQLite): Node's os.tmpdir(), libvips and SQLite
 * all take their temp folder from TMPDIR, so whatever the engine writes to "the OS temp folder" lands
 * here, where no other test file (each runs in its own process) writes anything.
 */
export const systemTmpDir = os.tmpdir();
const previous = process.env.TMPDIR;
export const privateTmpDir = mkdtempSync(path.join(systemTmpDir, 'strongroom-private-tmp-'));
process.env.TMPDIR = privateTmpDir;

export function restoreTmpDir(): void {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
}
