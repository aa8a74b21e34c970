import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateElectronBinary } from '../../scripts/electron/electron-binary';
import { repoRoot } from '../../scripts/electron/paths';

const electron = locateElectronBinary();

describe('npm start', () => {
  it('finds the Electron binary, or says why not', () => {
    if (electron.ok) expect(path.isAbsolute(electron.path)).toBe(true);
    else expect(electron.reason).toMatch(/Electron/);
  });

  it.skipIf(electron.ok)('without the Electron binary: explains what is missing and how to get it, exits 1, builds nothing', () => {
    const result = spawnSync(process.execPath, ['scripts/start.mjs'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Strongroom cannot open the desktop app');
    expect(result.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(result.stdout).toBe('');
  });
});
