import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A fresh, empty directory under os.tmpdir(), removed (recursively) when the current test finishes,
 * whether it passed or failed. Call it inside a test or a beforeEach hook: the cleanup is tied to the
 * running test, so every test gets its own directory and nothing leaks between tests.
 */
export function makeTempDir(prefix: string): string {
  const safe = prefix.replace(/[^A-Za-z0-9._-]/g, '-');
  const dir = mkdtempSync(path.join(os.tmpdir(), `strongroom-${safe}-`));
  onTestFinished(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
