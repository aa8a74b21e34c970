import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../../electron/core/vault/vault';
import { makeSuiteDir, repoRoot } from '../helpers/vault';
import { startAppShell, type AppShell } from './app-shell';
import { launchChromium, openPage } from './browser';
import { dropFiles, stageFiles } from './drop-files';
import { EITHER_WAY, EXPECTED_REFUSALS, fixtureDropPaths, fixturePath } from './fixture-files';
import { stopFlowAtFirstFailure } from './flow';
import { cellByTitle, cellIds, waitForVisibleThumbnails } from './grid';
import { DIFFERENT_PICTURE_MIN_DIFF, fingerprint, meanAbsDiff, rotated180, SAME_PICTURE_MAX_DIFF } from './image-fingerprint';
import { callInPage, fetchImageInPage } from './page-api';
import { collectGarbage, pageMetrics } from './page-metrics';
import { ensureRendererBuilt } from './renderer-build';
import { attributeOf, eventually, gone, textOf, visible } from './ui-expect';

/**
 * The library, end to end, through the UI only: the real browser shell on 127.0.0.1 over a fresh vault
 * folder, the built renderer in Debian's Chromium, the shared fixture images dropped onto the window.
 * The tests run in order and share one page, like a person's session; once one fails, the rest are
 * skipped (their preconditions are gone) and the first failure is the one to read.
 *
 * The API is read from inside the page only to check what the UI claims (tags, versions, ids).
 */
const PASSPHRASE = 'amber lantern over a quiet harbour 42';
const RECOVERY_KEY_FORMAT = /^([0-9A-Z]{5}-){7}[0-9A-Z]{5}$/;
const SCREENSHOTS = path.join(repoRoot, 'test-results', 'screenshots');
const LONG = 120_000;

let root: string;
let app: AppShell;
let browser: Browser;
let page: Page;
let pageErrors: string[];
/** The page's API traffic: calls POSTed to /api/call, and WebSockets it opened. */
const postedCalls: string[] = [];
const openedSockets: string[] = [];

/** Filled in as the flow goes. */
let recoveryKey = '';
let importedCount = 0;
const idsByTitle = new Map<string, string>();

const byTestId = (id: string) => page.getByTestId(id);
const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
const idOf = (title: string) => {
  const id = idsByTitle.get(title);
  if (!id) throw new Error(`no asset titled ${title}`);
  return id;
};

/**
 * Types a search and waits for the grid and the count to answer it, and for every cell in view to hold
 * its asset (no loading placeholder left), so callers can read cells by position. Which cells they are
 * is checked by the caller.
 */
async function search(text: string, expectedCount: number): Promise<void> {
  await byTestId('search-box').fill(text);
  await eventually(() => byTestId('asset-grid').getAttribute('data-total')).toBe(String(expectedCount));
  await eventually(textOf(byTestId('result-count'))).toBe(`${expectedCount} asset${expectedCount === 1 ? '' : 's'}`);
  await eventually(() => byTestId('asset-cell-placeholder').count()).toBe(0);
}

async function sortedCellIds(): Promise<string[]> {
  return (await cellIds(page)).sort();
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  console.info(`[e2e] ${await ensureRendererBuilt()}`);
  root = makeSuiteDir('e2e-library');
  app = await startAppShell(path.join(root, 'vault'));
  browser = await launchChromium();
  const opened = await openPage(browser);
  page = opened.page;
  pageErrors = opened.errors;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/call/')) postedCalls.push(request.url());
  });
  page.on('websocket', (socket) => openedSockets.push(new URL(socket.url()).pathname));
  page.setDefaultTimeout(20_000);
}, LONG);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (root) rmSync(root, { recursive: true, force: true });
}, LONG);

stopFlowAtFirstFailure(() => {
  if (pageErrors.length > 0) console.error(`[e2e] page errors:\n${pageErrors.join('\n')}`);
  if (app.logs.length > 0) console.error(`[e2e] shell log:\n${app.logs.join('\n')}`);
});

describe('the library through the browser shell', { timeout: LONG }, () => {
  it('creates a vault: passphrase twice, the recovery key once, then the empty library', async () => {
    await page.goto(app.url);
    await visible(byTestId('first-run-screen'));
    // The token left the address bar once it was traded for the session cookie.
    expect(page.url()).not.toContain('token=');

    await byTestId('create-passphrase').fill(PASSPHRASE);
    await byTestId('create-passphrase-confirm').fill(`${PASSPHRASE}x`);
    await visible(byTestId('create-passphrase-mismatch'));
    await eventually(() => byTestId('create-vault-submit').isDisabled()).toBe(true);
    await byTestId('create-passphrase-confirm').fill(PASSPHRASE);
    await gone(byTestId('create-passphrase-mismatch'));
    await shot('01-create-vault');
    await byTestId('create-vault-submit').click();

    await visible(byTestId('recovery-key-screen'));
    recoveryKey = (await byTestId('recovery-key').textContent())?.trim() ?? '';
    expect(recoveryKey).toMatch(RECOVERY_KEY_FORMAT);
    await eventually(() => byTestId('recovery-key-continue').isDisabled()).toBe(true);
    await shot('02-recovery-key');
    await byTestId('recovery-key-saved').check();
    await byTestId('recovery-key-continue').click();

    await visible(byTestId('library-screen'));
    await visible(byTestId('empty-library'));
    await gone(byTestId('recovery-key'));
    expect(existsSync(path.join(app.vaultDir, 'vault.json'))).toBe(true);
    // Every call so far went over the one call socket, none as a POST.
    expect(openedSockets).toEqual(['/api/calls']);
    expect(postedCalls).toEqual([]);
  });

  it('imports the fixture folder dropped on the window and explains every refusal', async () => {
    const files = fixtureDropPaths();
    const transfer = await stageFiles(page, files);
    await dropFiles(page.locator('body'), transfer, async () => {
      await visible(byTestId('drop-overlay'));
    });
    await gone(byTestId('drop-overlay'));

    const job = byTestId('ingest-job');
    await eventually(() => job.count()).toBe(1);
    await eventually(attributeOf(job, 'data-status'), 90_000).toBe('done');
    await visible(byTestId('ingest-report'));

    const refused = new Map<string, string>();
    for (const item of await byTestId('refused-item').all()) {
      const [file, reason] = await item.locator('span').allTextContents();
      refused.set(file ?? '', reason ?? '');
    }
    for (const [file, reason] of Object.entries(EXPECTED_REFUSALS)) expect(refused.get(file), file).toMatch(reason);
    expect([...refused.keys()].filter((f) => !(f in EXPECTED_REFUSALS) && !EITHER_WAY.includes(f))).toEqual([]);

    importedCount = Number(await byTestId('ingest-imported-count').getAttribute('data-count'));
    expect(importedCount).toBe(files.length - refused.size);
    await gone(byTestId('duplicate-item'));
    await eventually(textOf(byTestId('result-count'))).toBe(`${importedCount} assets`);
    await waitForVisibleThumbnails(page, 8);
    await shot('03-ingest-report');

    const listed = await callInPage(page, 'assets.list', { limit: 1000 });
    expect(listed.total).toBe(importedCount);
    for (const asset of listed.items) idsByTitle.set(asset.title, asset.id);
    expect(idsByTitle.size).toBe(importedCount);

    await byTestId('ingest-close').click();
    await gone(byTestId('ingest-panel'));
    await waitForVisibleThumbnails(page, 8);
    await shot('04-library-grid');
  });

  it('shows all nine EXIF orientations upright, matching Landscape 1 (and not its 180° turn)', async () => {
    await search('Landscape', 9);
    await eventually(() => byTestId('asset-cell').count()).toBe(9);
    await waitForVisibleThumbnails(page, 9);
    const shown = await byTestId('asset-cell').evaluateAll((cells) =>
      cells.map((cell) => {
        const img = cell.querySelector<HTMLImageElement>('[data-testid="asset-thumb"]');
        return { title: cell.querySelector('[title]')?.getAttribute('title') ?? '', src: img?.getAttribute('src') ?? '', w: img?.naturalWidth ?? 0, h: img?.naturalHeight ?? 0 };
      }),
    );
    expect(shown.map((s) => s.title).sort()).toEqual(Array.from({ length: 9 }, (_, n) => `Landscape ${n}`));

    const thumbs = new Map<string, Buffer>();
    for (const s of shown) {
      // As drawn: the browser applies any EXIF orientation left in the file to naturalWidth/Height.
      expect(s.w, `${s.title} as displayed`).toBeGreaterThan(s.h);
      thumbs.set(s.title, await fetchImageInPage(page, s.src));
    }
    const reference = await fingerprint(thumbs.get('Landscape 1')!);
    for (const [title, jpeg] of thumbs) {
      const meta = await sharp(jpeg).metadata();
      expect(meta.width!, title).toBeGreaterThan(meta.height!);
      expect(meta.orientation ?? 1, title).toBe(1);
      expect(meanAbsDiff(reference, await fingerprint(jpeg)), `${title} vs Landscape 1`).toBeLessThan(SAME_PICTURE_MAX_DIFF);
      // Control: the measure does tell a turned picture apart.
      expect(meanAbsDiff(reference, await fingerprint(await rotated180(jpeg))), `${title} turned 180°`).toBeGreaterThan(DIFFERENT_PICTURE_MIN_DIFF);
    }
    await search('', importedCount);
  });

  it('finds an asset by the SKU typed into its detail panel, and assets by embedded metadata', async () => {
    const cell = cellByTitle(page, 'concert');
    await cell.click();
    await visible(byTestId('detail-panel'));
    await eventually(() => byTestId('detail-title').inputValue()).toBe('concert');
    await byTestId('detail-sku').fill('PX-4471-B');
    await byTestId('detail-sku').press('Enter');
    await eventually(textOf(cell.getByTestId('asset-cell-sku'))).toBe('PX-4471-B');

    await search('PX-4471', 1);
    await eventually(() => cellIds(page)).toEqual([idOf('concert')]);
    // IPTC City and XMP photoshop:City: in no title, SKU or file name.
    await search('Kingston', 3);
    await eventually(sortedCellIds).toEqual(['IPTC', 'PhotoMechanic', 'XMP'].map(idOf).sort());
    // EXIF Make.
    await search('FUJIFILM', 2);
    await eventually(sortedCellIds).toEqual(['GPS', 'XMP'].map(idOf).sort());
    await search('', importedCount);
  });

  it('keeps no cell it removed alive: narrowing and widening a search again and again leaves the node count flat', async () => {
    // A cell removed while its thumbnail was showing: Chromium kept the image (and so the whole detached
    // cell) alive for the page's lifetime when its src was dropped after it left the document.
    const narrowAndWiden = async () => {
      await search('PX-4471', 1);
      await search('', importedCount);
      await waitForVisibleThumbnails(page, 8);
    };
    const nodesAfterGc = async () => {
      await collectGarbage(page);
      return (await pageMetrics(page)).domNodes;
    };
    await narrowAndWiden();
    const cellsShown = await byTestId('asset-cell').count();
    const before = await nodesAfterGc();
    for (let round = 0; round < 4; round++) await narrowAndWiden();
    const after = await nodesAfterGc();
    expect(cellsShown).toBeGreaterThan(8);
    // With the leak, each round kept every removed cell whose image had loaded: ~12 nodes apiece.
    expect(after - before, `DOM nodes ${before} → ${after}`).toBeLessThan(cellsShown);
  });

  it('tags several assets at once from a shift- and ctrl-click selection', async () => {
    const order = await cellIds(page);
    await byTestId('asset-cell').nth(1).click();
    await byTestId('asset-cell').nth(3).click({ modifiers: ['Shift'] });
    await byTestId('asset-cell').nth(5).click({ modifiers: ['ControlOrMeta'] });
    const chosen = [order[1]!, order[2]!, order[3]!, order[5]!];
    await eventually(attributeOf(byTestId('selection-count'), 'data-count')).toBe('4');
    await visible(byTestId('multi-selection'));

    await byTestId('tag-input').fill('spring-drop');
    await byTestId('tag-input').press('Enter');
    await eventually(() => byTestId('multi-selection').getByTestId('tag-chip').allTextContents()).toEqual(['spring-drop']);
    const tagged = await callInPage(page, 'assets.list', { tag: 'spring-drop', limit: 100 });
    expect(tagged.items.map((a) => a.id).sort()).toEqual([...chosen].sort());

    // The sidebar's tag filter agrees.
    await byTestId('tag-filter-item').filter({ hasText: 'spring-drop' }).click();
    await eventually(() => byTestId('asset-grid').getAttribute('data-total')).toBe('4');
    await eventually(sortedCellIds).toEqual([...chosen].sort());
    await byTestId('all-assets').click();
    await eventually(textOf(byTestId('result-count'))).toBe(`${importedCount} assets`);
  });

  it('adds a version dropped onto a cell, then approves it so it becomes current', async () => {
    const flowers = idOf('flowers');
    const cell = cellByTitle(page, 'flowers');
    const retouched = path.join(root, 'flowers-retouched.jpg');
    writeFileSync(retouched, await sharp(fixturePath('photos/flowers.jpeg')).flop().modulate({ brightness: 1.1 }).jpeg({ quality: 88 }).toBuffer());
    const transfer = await stageFiles(page, [retouched]);
    await dropFiles(cell, transfer, async () => {
      await eventually(textOf(cell)).toContain('Add as new version');
    });

    const job = byTestId('ingest-job').filter({ hasText: 'New version of' });
    await eventually(attributeOf(job, 'data-status'), 60_000).toBe('done');
    await eventually(attributeOf(job.getByTestId('ingest-imported-count'), 'data-count')).toBe('1');
    await eventually(textOf(job.getByTestId('ingest-imported-count'))).toContain('1 new version');
    await eventually(textOf(byTestId('result-count'))).toBe(`${importedCount} assets`);

    await cell.dblclick();
    await eventually(() => byTestId('detail-title').inputValue()).toBe('flowers');
    const rows = byTestId('version-history').getByTestId('version-row');
    await eventually(() => rows.count()).toBe(2);
    const v1 = rows.and(page.locator('[data-version="1"]'));
    const v2 = rows.and(page.locator('[data-version="2"]'));

    // Approving version 1 makes it current (approved beats newer drafts) ...
    await v1.getByTestId('version-approval').selectOption('approved');
    await eventually(attributeOf(v1, 'data-current')).toBe('true');
    await eventually(attributeOf(v2, 'data-current')).toBe('false');
    // ... and approving version 2 moves "current" to it.
    await v2.getByTestId('version-approval').selectOption('approved');
    await eventually(attributeOf(v2, 'data-current')).toBe('true');
    await visible(v2.getByTestId('version-current'));
    await eventually(attributeOf(v1, 'data-current')).toBe('false');

    const detail = await callInPage(page, 'assets.get', { id: flowers });
    const current = detail.versions.find((v) => v.current)!;
    expect([current.number, current.approval, current.originalFilename]).toEqual([2, 'approved', 'flowers-retouched.jpg']);
    // The grid shows the new current version's thumbnail.
    await eventually(attributeOf(cell.getByTestId('asset-thumb'), 'src')).toMatch(new RegExp(`/media/thumb/${current.id}$`));
    await shot('05-detail-panel');
  });

  it('makes a collection, adds assets by dragging and from the detail panel, and filters the grid by it', async () => {
    await byTestId('new-collection').click();
    await byTestId('new-collection-input').fill('Summer lookbook');
    await byTestId('new-collection-input').press('Enter');
    const collection = byTestId('collection-item').filter({ hasText: 'Summer lookbook' });
    await visible(collection);
    // The item's button says how many assets the collection holds: "Summer lookbook: 3 assets".
    const collectionButton = collection.getByTitle(/^Summer lookbook: /);

    const order = await cellIds(page);
    await byTestId('asset-cell').nth(6).click();
    await byTestId('asset-cell').nth(7).click({ modifiers: ['ControlOrMeta'] });
    await byTestId('asset-cell').nth(8).click({ modifiers: ['ControlOrMeta'] });
    await eventually(attributeOf(byTestId('selection-count'), 'data-count')).toBe('3');
    await byTestId('asset-cell').nth(7).dragTo(collection);
    await eventually(attributeOf(collectionButton, 'title')).toBe('Summer lookbook: 3 assets');

    await byTestId('asset-cell').nth(10).click();
    await visible(byTestId('detail-title'));
    const collectionId = await collection.getAttribute('data-collection-id');
    await byTestId('add-to-collection-select').selectOption(collectionId!);
    await eventually(() => byTestId('membership-chip').allTextContents()).toEqual(['Summer lookbook']);
    await eventually(attributeOf(collectionButton, 'title')).toBe('Summer lookbook: 4 assets');

    await collectionButton.click();
    await eventually(() => byTestId('asset-grid').getAttribute('data-total')).toBe('4');
    await eventually(textOf(byTestId('result-count'))).toBe('4 assets');
    await eventually(sortedCellIds).toEqual([order[6]!, order[7]!, order[8]!, order[10]!].sort());
    await waitForVisibleThumbnails(page, 4);
    await shot('06-collection-filter');
  });

  it('locks: the unlock screen with no image left on the page; the passphrase brings the library back', async () => {
    await byTestId('lock-button').click();
    await visible(byTestId('unlock-screen'));
    await gone(page.locator('img'));
    const text = await page.locator('body').innerText();
    for (const title of ['flowers', 'Landscape', 'Summer lookbook', 'spring-drop', 'PX-4471']) expect(text).not.toContain(title);
    await shot('07-unlock');

    // The key shown once really opens this vault (checked while the shell has it locked and closed).
    const byRecovery = await Vault.open(app.vaultDir, { kind: 'recovery', recoveryKey }, null);
    byRecovery.close();

    await byTestId('unlock-passphrase').fill('not the passphrase');
    await byTestId('unlock-submit').click();
    await visible(byTestId('unlock-error'));
    await byTestId('unlock-passphrase').fill(PASSPHRASE);
    await byTestId('unlock-submit').click();
    await visible(byTestId('library-screen'));
    await eventually(textOf(byTestId('result-count'))).toBe(`${importedCount} assets`);
    await waitForVisibleThumbnails(page, 8);
    await eventually(textOf(byTestId('collection-item'))).toContain('Summer lookbook');
    expect(pageErrors).toEqual([]);
  });
});
