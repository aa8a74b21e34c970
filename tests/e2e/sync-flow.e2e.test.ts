import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../electron/core/ingest/ingest';
import { joinVault } from '../../electron/core/sync/join';
import { openTarget } from '../../electron/core/sync/open-target';
import { Vault } from '../../electron/core/vault/vault';
import { makeSuiteDir, repoRoot } from '../helpers/vault';
import { startAppShell, type AppShell } from './app-shell';
import { launchChromium, openPage, type OpenedPage } from './browser';
import { fixturePath } from './fixture-files';
import { stopFlowAtFirstFailure } from './flow';
import { cellByTitle, waitForVisibleThumbnails } from './grid';
import { callInPage } from './page-api';
import { ensureRendererBuilt } from './renderer-build';
import { attributeOf, eventually, textOf, visible } from './ui-expect';

/**
 * Sync end to end through two browser shells: device A (a vault with one photo) connects a folder
 * target from the Sync screen; device B joins that folder (in the test setup, as `strongroom join`
 * would) and opens in its own shell. A's title edit reaches B's grid after B's Sync now; both device
 * lists show both devices with A's new name; a folder that vanished shows as an error with what to
 * do. One flow: a failed step skips the rest.
 */
const PASSPHRASE = 'copper kettle beside a winter window 7';
const SCREENSHOTS = path.join(repoRoot, 'test-results', 'screenshots');
const LONG = 120_000;

let root: string;
let remote: string;
let appA: AppShell;
let appB: AppShell | null = null;
let browser: Browser;
let openedA: OpenedPage;
let openedB: OpenedPage | null = null;
let pageA: Page;
let pageB: Page;

const shot = (p: Page, name: string) => p.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

async function unlock(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('unlock-passphrase').fill(PASSPHRASE);
  await page.getByTestId('unlock-submit').click();
  await visible(page.getByTestId('library-screen'));
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  console.info(`[e2e] ${await ensureRendererBuilt()}`);
  root = makeSuiteDir('e2e-sync');
  remote = path.join(root, 'Dropbox', 'strongroom');
  mkdirSync(remote, { recursive: true });
  const { vault } = await Vault.create(path.join(root, 'device-a'), { passphrase: PASSPHRASE, keychain: null });
  try {
    const report = await ingest(vault, [{ kind: 'file', path: fixturePath('photos/flowers.jpeg') }]);
    expect(report.refused).toEqual([]);
  } finally {
    vault.close();
  }
  appA = await startAppShell(path.join(root, 'device-a'));
  browser = await launchChromium();
  openedA = await openPage(browser, { width: 1400, height: 900 });
  pageA = openedA.page;
  pageA.setDefaultTimeout(20_000);
}, LONG);

afterAll(async () => {
  await browser?.close();
  await appA?.close();
  await appB?.close();
  if (root) rmSync(root, { recursive: true, force: true });
}, LONG);

stopFlowAtFirstFailure(async () => {
  await shot(pageA, 'sync-flow-failure-a').catch(() => undefined);
  if (openedB) await shot(pageB, 'sync-flow-failure-b').catch(() => undefined);
  for (const [who, opened] of [['A', openedA], ['B', openedB]] as const) {
    if (opened && opened.errors.length > 0) console.error(`[e2e] page ${who} errors:\n${opened.errors.join('\n')}`);
  }
  for (const [who, app] of [['A', appA], ['B', appB]] as const) {
    if (app && app.logs.length > 0) console.error(`[e2e] shell ${who} log:\n${app.logs.join('\n')}`);
  }
});

describe('sync through two browser shells and a folder', { timeout: LONG }, () => {
  it('A: the sidebar says "Not syncing"; the Sync screen checks the folder field, then connects and syncs', async () => {
    await unlock(pageA, appA.url);
    await waitForVisibleThumbnails(pageA, 1);
    const indicator = pageA.getByTestId('sync-indicator');
    await eventually(attributeOf(indicator, 'data-state')).toBe('not-connected');
    await indicator.focus();
    await pageA.keyboard.press('Enter');
    await visible(pageA.getByTestId('sync-screen'));
    await pageA.getByTestId('sync-folder-path').fill('Dropbox/strongroom');
    await pageA.getByTestId('sync-connect').click();
    await visible(pageA.locator('[data-testid="field-error"][data-field="sync-folder-path"]'));
    expect((await callInPage(pageA, 'sync.status', {})).state).toBe('not-connected');

    await pageA.getByTestId('sync-folder-path').fill(remote);
    await pageA.getByTestId('sync-connect').click();
    await eventually(attributeOf(pageA.getByTestId('sync-status'), 'data-state'), 60_000).toBe('idle');
    expect(await textOf(pageA.getByTestId('sync-target'))()).toBe(remote);
    expect(await textOf(pageA.getByTestId('sync-last'))()).toMatch(/^Last synced /);
    expect(await textOf(pageA.getByTestId('sync-pending'))()).toBe('Nothing waiting');
    await pageA.getByTestId('sync-rename').click();
    await pageA.getByTestId('sync-rename-input').fill('Studio desktop');
    await pageA.getByTestId('sync-rename-save').click();
    await eventually(textOf(pageA.getByTestId('sync-device-name').first())).toContain('Studio desktop');
    await shot(pageA, '40-sync-connected');
    await pageA.getByTestId('sync-close').click();
    await eventually(attributeOf(pageA.getByTestId('sync-indicator'), 'data-state')).toBe('idle');
    // The rename is a local change: the pass 2 s after it sends it.
    await eventually(async () => (await callInPage(pageA, 'sync.status', {})).pending.opsUp, 30_000).toBe(0);
  });

  it('B joins the folder and opens in its own shell with A’s photo', async () => {
    const target = { kind: 'folder' as const, path: remote };
    const opened = await openTarget(target);
    try {
      const joined = await joinVault(path.join(root, 'device-b'), opened.backend, target, { kind: 'passphrase', passphrase: PASSPHRASE });
      if (joined.passError) throw joined.passError;
      joined.vault.close();
    } finally {
      opened.close();
    }
    appB = await startAppShell(path.join(root, 'device-b'));
    openedB = await openPage(browser, { width: 1400, height: 900 });
    pageB = openedB.page;
    pageB.setDefaultTimeout(20_000);
    await unlock(pageB, appB.url);
    await waitForVisibleThumbnails(pageB, 1);
    await visible(cellByTitle(pageB, 'flowers'));
    await eventually(attributeOf(pageB.getByTestId('sync-indicator'), 'data-state'), 30_000).toBe('idle');
  });

  it('a title edited on A appears in B’s grid after B’s Sync now; both device lists show both devices', async () => {
    await cellByTitle(pageA, 'flowers').click();
    await eventually(() => pageA.getByTestId('detail-title').inputValue()).toBe('flowers');
    const syncedBefore = (await callInPage(pageA, 'sync.status', {})).lastSyncAt;
    await pageA.getByTestId('detail-title').fill('Spring bouquet');
    await pageA.getByTestId('detail-title').press('Enter');
    await visible(cellByTitle(pageA, 'Spring bouquet'));
    // A sends it on its own, 2 s after the edit: a pass later than the last, with nothing left to send.
    // (Not "pending > 0 first": a machine busy for 2 s would already have sent it.)
    await eventually(async () => {
      const status = await callInPage(pageA, 'sync.status', {});
      return status.pending.opsUp === 0 && status.lastSyncAt !== syncedBefore;
    }, 30_000).toBe(true);

    await pageB.getByTestId('sync-indicator').click();
    await visible(pageB.getByTestId('sync-screen'));
    const before = (await callInPage(pageB, 'sync.status', {})).lastSyncAt!;
    expect(await cellByTitle(pageB, 'Spring bouquet').count()).toBe(0);
    await pageB.getByTestId('sync-now').click();
    await eventually(async () => (await callInPage(pageB, 'sync.status', {})).lastSyncAt! > before, 30_000).toBe(true);
    await eventually(attributeOf(pageB.getByTestId('sync-status'), 'data-state')).toBe('idle');
    const devicesB = pageB.getByTestId('sync-device');
    await eventually(() => devicesB.count()).toBe(2);
    await eventually(textOf(devicesB.and(pageB.locator('[data-self="false"]')).getByTestId('sync-device-name'))).toBe('Studio desktop');
    await visible(devicesB.and(pageB.locator('[data-self="false"]')).getByTestId('sync-retire'));
    await shot(pageB, '41-sync-device-b');
    await pageB.getByTestId('sync-close').click();
    await visible(cellByTitle(pageB, 'Spring bouquet'));
    await shot(pageB, '42-sync-edit-arrived');

    // A hears of B once B has sent something: B names itself, and A's next pass brings the name.
    await callInPage(pageB, 'sync.renameDevice', { name: 'Shop laptop' });
    await eventually(async () => (await callInPage(pageB, 'sync.status', {})).pending.opsUp, 30_000).toBe(0);
    await pageA.getByTestId('sync-indicator').click();
    await pageA.getByTestId('sync-now').click();
    const devicesA = pageA.getByTestId('sync-device');
    await eventually(() => devicesA.count(), 30_000).toBe(2);
    await eventually(textOf(devicesA.and(pageA.locator('[data-self="false"]')).getByTestId('sync-device-name')), 30_000).toBe('Shop laptop');
    await eventually(textOf(devicesA.and(pageA.locator('[data-self="false"]'))), 30_000).toMatch(/last seen/);
    await pageA.getByTestId('sync-close').click();
  });

  it('a vanished folder shows as a sync problem with what to do; retiring asks first', async () => {
    const moved = `${remote}-gone`;
    renameSync(remote, moved);
    try {
      await pageA.getByTestId('sync-indicator').click();
      await pageA.getByTestId('sync-now').click();
      await eventually(attributeOf(pageA.getByTestId('sync-indicator'), 'data-state'), 30_000).toBe('error');
      await visible(pageA.getByTestId('sync-error'));
      expect(await attributeOf(pageA.getByTestId('sync-error'), 'data-kind')()).toBe('folder-missing');
      expect(await textOf(pageA.getByTestId('sync-error'))()).toMatch(/missing.*Plug in the drive/s);
      await shot(pageA, '43-sync-folder-missing');
      await pageA.emulateMedia({ colorScheme: 'dark' });
      await shot(pageA, '44-sync-folder-missing-dark');
      await pageA.emulateMedia({ colorScheme: 'light' });

      await pageA.getByTestId('sync-retire').click();
      await visible(pageA.getByTestId('confirm-dialog'));
      await pageA.keyboard.press('Escape');
      expect((await callInPage(pageA, 'sync.devices', {})).every((d) => !d.retired)).toBe(true);
    } finally {
      renameSync(moved, remote);
    }
    await pageA.getByTestId('sync-now').click();
    await eventually(attributeOf(pageA.getByTestId('sync-status'), 'data-state'), 30_000).toBe('idle');
  });
});
