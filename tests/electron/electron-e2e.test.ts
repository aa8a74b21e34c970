import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateElectronBinary } from '../../scripts/electron/electron-binary';
import { prepareElectronApp } from '../../scripts/electron/prepare';
import type { StrongroomBridge } from '../../shared/api/bridge';
import type { ApiResponse } from '../../shared/api/errors';
import type { IngestReportEvent, VaultState } from '../../shared/api/schemas';
import { fixturesDir, TEST_PASSPHRASE } from '../helpers/vault';

/**
 * The real app in the real Electron, driven by Playwright: build and stage (as `npm start` does), launch,
 * create a vault and ingest the fixture folder through the preload bridge, and show a decrypted thumbnail.
 * It needs the Electron binary; where that was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1) the
 * whole file is skipped, and says why.
 */
const electron = locateElectronBinary();
const skipReason = electron.ok ? null : `${electron.reason}; install the Electron binary to run this test`;
if (skipReason) console.warn(`[electron-e2e] skipped: ${skipReason}`);

/**
 * The page's globals, for typing the functions Playwright runs in the page. Those functions are sent as
 * source text, so they must not close over anything from this file: each one casts globalThis itself.
 */
type PageGlobals = {
  strongroom: StrongroomBridge;
  Image: new () => { onload: (() => void) | null; onerror: (() => void) | null; src: string; naturalWidth: number };
};

describe.skipIf(!electron.ok)(`Electron end-to-end${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'strongroom-e2e-'));
  let app: ElectronApplication | undefined;
  let page: Page;

  beforeAll(async () => {
    if (!electron.ok) return;
    const appDir = await prepareElectronApp({ electronVersion: electron.version, production: false });
    app = await _electron.launch({
      executablePath: electron.path,
      args: [appDir],
      env: { ...process.env, STRONGROOM_USER_DATA_DIR: path.join(base, 'userData'), STRONGROOM_VAULT: path.join(base, 'vault'), STRONGROOM_SHARE_PORT: '0' },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 15 * 60_000);

  afterAll(async () => {
    await app?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('loads the UI from app://strongroom with the bridge and no Node', async () => {
    expect(page.url()).toBe('app://strongroom/index.html');
    const seen = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown> & { strongroom: StrongroomBridge };
      return { bridge: Object.keys(g.strongroom).sort(), methods: Object.keys(g.strongroom.methods).length, require: typeof g.require, process: typeof g.process };
    });
    expect(seen).toMatchObject({ bridge: ['methods', 'onEvent', 'pathForFile'], require: 'undefined', process: 'undefined' });
    expect(seen.methods).toBeGreaterThan(10);
  });

  it('creates a vault and ingests the fixture folder', async () => {
    const created = await page.evaluate(
      ({ dir, passphrase }) => (globalThis as unknown as PageGlobals).strongroom.methods['vault.create']({ dir, passphrase }),
      { dir: path.join(base, 'vault'), passphrase: TEST_PASSPHRASE },
    );
    expect(created).toMatchObject({ ok: true, value: { state: { state: 'unlocked' } } });
    const report = await page.evaluate(
      (folder) =>
        new Promise<IngestReportEvent>((resolve) => {
          const off = (globalThis as unknown as PageGlobals).strongroom.onEvent((event, payload) => {
            if (event !== 'ingest.done') return;
            off();
            resolve(payload as IngestReportEvent);
          });
          void (globalThis as unknown as PageGlobals).strongroom.methods['ingest.startPaths']({ paths: [folder] });
        }),
      fixturesDir,
    );
    expect(report.cancelled).toBe(false);
    expect(report.imported.length).toBeGreaterThan(0);
  }, 5 * 60_000);

  it('shows a decrypted thumbnail from strongroom-media://', async () => {
    const width = await page.evaluate(async () => {
      const list = await (globalThis as unknown as PageGlobals).strongroom.methods['assets.list']({ limit: 1 });
      if (!list.ok) return -1;
      const id = list.value.items[0]!.currentVersion.id;
      return new Promise<number>((resolve) => {
        const img = new ((globalThis as unknown as PageGlobals).Image)();
        img.onload = () => resolve(img.naturalWidth);
        img.onerror = () => resolve(0);
        img.src = `strongroom-media://thumb/${id}`;
      });
    });
    expect(width).toBeGreaterThan(0);
  });

  it('locks from the bridge and reports it', async () => {
    const locked = (await page.evaluate(() => (globalThis as unknown as PageGlobals).strongroom.methods['vault.lock']({}))) as ApiResponse<VaultState>;
    expect(locked).toMatchObject({ ok: true, value: { state: 'locked' } });
  });
});
