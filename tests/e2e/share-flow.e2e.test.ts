import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSuiteDir, repoRoot } from '../helpers/vault';
import { startAppShell, type AppShell } from './app-shell';
import { launchChromium, openPage, type OpenedPage } from './browser';
import { dropFiles, stageFiles } from './drop-files';
import { fixturePath } from './fixture-files';
import { stopFlowAtFirstFailure } from './flow';
import { cellByTitle, waitForVisibleThumbnails } from './grid';
import { callInPage } from './page-api';
import { ensureRendererBuilt } from './renderer-build';
import { attributeOf, eventually, gone, textOf, visible } from './ui-expect';

/**
 * Share links end to end: the real browser shell (whose share server starts with the unlocked vault,
 * on a free port) over a fresh vault; a link made in the app with the Share button and its Adjust form;
 * the link opened in a second browser context as the recipient (password, terms, images, a download);
 * revoked in the app; the recipient's reload gets the "no longer available" page; and the app's
 * timeline shows every step. One flow: a failed step skips the rest.
 */
const PASSPHRASE = 'brass lantern over a quiet harbour 4';
const SHARE_PASSWORD = 'tide-table-42';
const TERMS = 'For the spring catalogue only. Do not resell.';
const RECIPIENT = 'Ada Buyer';
const SCREENSHOTS = path.join(repoRoot, 'test-results', 'screenshots');
const LONG = 120_000;

let root: string;
let app: AppShell;
let browser: Browser;
let owner: OpenedPage;
let page: Page;
let recipient: OpenedPage;
let link = '';

const byTestId = (id: string) => page.getByTestId(id);
const shot = (p: Page, name: string) => p.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
const timelineEvents = () =>
  page.getByTestId('share-timeline-entry').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-event')}${li.getAttribute('data-reason') ? `:${li.getAttribute('data-reason')}` : ''}`));

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  console.info(`[e2e] ${await ensureRendererBuilt()}`);
  root = makeSuiteDir('e2e-share');
  app = await startAppShell(path.join(root, 'vault'));
  browser = await launchChromium();
  owner = await openPage(browser);
  page = owner.page;
  page.setDefaultTimeout(20_000);
  // The app copies each new link; letting it (and letting the test read the clipboard back) checks that it did.
  await owner.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
  recipient = await openPage(browser, { width: 1200, height: 900 });
  recipient.page.setDefaultTimeout(20_000);
}, LONG);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (root) rmSync(root, { recursive: true, force: true });
}, LONG);

stopFlowAtFirstFailure(async () => {
  await shot(page, 'share-flow-failure').catch(() => undefined);
  await shot(recipient.page, 'share-flow-failure-recipient').catch(() => undefined);
  for (const [who, errors] of [
    ['owner', owner.errors],
    ['recipient', recipient.errors],
  ] as const) {
    if (errors.length > 0) console.error(`[e2e] ${who} page errors:\n${errors.join('\n')}`);
  }
  if (app.logs.length > 0) console.error(`[e2e] shell log:\n${app.logs.join('\n')}`);
});

describe('share links through the browser shell', { timeout: LONG }, () => {
  it('creates a vault, imports two photos and approves one', async () => {
    await page.goto(app.url);
    await byTestId('create-passphrase').fill(PASSPHRASE);
    await byTestId('create-passphrase-confirm').fill(PASSPHRASE);
    await byTestId('create-vault-submit').click();
    await byTestId('recovery-key-saved').check();
    await byTestId('recovery-key-continue').click();
    await visible(byTestId('empty-library'));

    const transfer = await stageFiles(page, [fixturePath('photos/flowers.jpeg'), fixturePath('photos/concert.jpg')]);
    await dropFiles(page.locator('body'), transfer);
    await eventually(attributeOf(byTestId('ingest-job'), 'data-status'), 60_000).toBe('done');
    await byTestId('ingest-close').click();
    await waitForVisibleThumbnails(page, 2);

    await cellByTitle(page, 'flowers').click();
    await byTestId('version-approval').selectOption('approved');
    await eventually(async () => (await callInPage(page, 'assets.list', { status: 'approved' })).total).toBe(1);
    // The share server started with the vault.
    expect(app.shell.shareStatus()).toMatchObject({ state: 'running', error: null });
  });

  it('one click (Ctrl+Shift+S) warns about the draft, then makes a link, copies it and draws its QR code', async () => {
    await cellByTitle(page, 'concert').click({ modifiers: ['Control'] });
    await eventually(attributeOf(byTestId('selection-count'), 'data-count')).toBe('2');
    await page.keyboard.press('Control+Shift+S');
    await visible(byTestId('share-dialog'));
    await visible(byTestId('share-draft-warning'));
    expect(await textOf(byTestId('share-draft-warning'))()).toMatch(/approved/);
    expect(await callInPage(page, 'shares.list', {})).toEqual([]);

    await byTestId('share-anyway').click();
    await visible(byTestId('share-url'));
    const quick = await byTestId('share-url').inputValue();
    expect(quick).toMatch(new RegExp(`^${app.shell.shareStatus().baseUrl!.replace(/\./g, '\\.')}/s/[A-Za-z0-9_-]{43}$`));
    await eventually(attributeOf(byTestId('share-copy-status'), 'data-copy')).toBe('copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(quick);
    expect(Number(await byTestId('share-qr').getAttribute('data-modules'))).toBeGreaterThanOrEqual(21);
    expect(await textOf(byTestId('share-expiry'))()).toMatch(/^Expires /);
    await shot(page, '20-share-link');
    const listed = await callInPage(page, 'shares.list', {});
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ assetCount: 2, hasPassword: false, state: 'active' });
  });

  it('Adjust: a link for a named recipient with a password, terms and limits', async () => {
    await byTestId('share-adjust').click();
    await visible(byTestId('share-form'));
    await byTestId('share-expiry-choice-7d').check({ force: true });
    await byTestId('share-max-views').fill('0');
    await byTestId('share-create').click();
    // A limit of 0 is caught in the form, next to its box; nothing is sent.
    await visible(page.locator('[data-testid="field-error"][data-field="share-max-views"]'));
    expect(await callInPage(page, 'shares.list', {})).toHaveLength(1);
    await byTestId('share-max-views').fill('5');
    await byTestId('share-max-downloads').fill('1');
    await byTestId('share-password').fill(SHARE_PASSWORD);
    await byTestId('share-recipient-name').fill(RECIPIENT);
    await byTestId('share-recipient-company').fill('Harbour Ltd');
    await byTestId('share-terms').fill(TERMS);
    await byTestId('share-note').fill('spring catalogue proofs');
    await shot(page, '21-share-adjust');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, '21b-share-adjust-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await byTestId('share-create').click();
    // Still a draft in the selection: asked again, for this link.
    await visible(byTestId('share-draft-warning'));
    await byTestId('share-anyway').click();
    await visible(byTestId('share-url'));
    link = await byTestId('share-url').inputValue();
    await eventually(() => page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(await textOf(byTestId('share-expiry'))()).toMatch(/^Expires /);
    await byTestId('share-done').click();
    await gone(byTestId('share-dialog'));

    const made = (await callInPage(page, 'shares.list', {})).find((s) => s.recipient.name === RECIPIENT);
    expect(made).toMatchObject({ maxViews: 5, maxDownloads: 1, hasPassword: true, hasTerms: true, note: 'spring catalogue proofs', recipient: { company: 'Harbour Ltd' } });
    expect(made!.expiresAt! - made!.createdAt).toBe(7 * 86_400_000);
  });

  it('the recipient opens the link: wrong password, right password, terms, images, a download; the app is told', async () => {
    const r = recipient.page;
    const first = await r.goto(link);
    expect(first?.status()).toBe(200);
    // The owner hears of the first opening (a toast, as no dialog is open).
    await visible(page.getByTestId('toast').filter({ hasText: `${RECIPIENT} opened your link` }), 15_000);

    await r.locator('input[name="password"]').fill('not the password');
    await r.getByRole('button', { name: 'Open' }).click();
    await visible(r.getByText('That password is not right.'));
    await r.locator('input[name="password"]').fill(SHARE_PASSWORD);
    await r.getByRole('button', { name: 'Open' }).click();
    await visible(r.getByText(TERMS));
    await r.getByRole('button', { name: 'I accept' }).click();

    const images = r.locator('img');
    await eventually(() => images.count()).toBe(2);
    await eventually(() => images.evaluateAll((list) => list.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0))).toBe(true);
    await shot(r, '22-share-recipient');

    const [download] = await Promise.all([r.waitForEvent('download'), r.getByRole('link', { name: /Download image-1/ }).click()]);
    // The built-in web rendition is WebP; the name is generic, never the original's.
    expect(download.suggestedFilename()).toBe('image-1.webp');
    const saved = await download.path();
    const meta = await sharp(readFileSync(saved)).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(2048);
  });

  it('the Shares screen shows the link’s counts and each step in its timeline', async () => {
    await byTestId('shares-button').click();
    await visible(byTestId('shares-screen'));
    const row = byTestId('share-row').filter({ hasText: RECIPIENT });
    await eventually(textOf(row.getByTestId('share-row-views'))).toBe('2 of 5');
    await eventually(textOf(row.getByTestId('share-row-downloads'))).toBe('1 of 1');
    // Sorted by last access, the opened link comes before the one nobody opened.
    await byTestId('shares-sort-lastAccess').click();
    await eventually(() => byTestId('share-row').first().getAttribute('data-share-id')).toBe(await row.getAttribute('data-share-id'));

    await row.getByTestId('share-row-open').click();
    await visible(byTestId('share-detail'));
    await eventually(timelineEvents).toEqual([
      'page:password',
      'wrong_password',
      'password_accepted',
      'page:terms',
      'terms_accepted',
      'page',
      'view',
      'view',
      'download',
    ]);
    const entry = byTestId('share-timeline-entry').first();
    expect(await entry.textContent()).toContain('127.0.0.0/24');
    expect(await entry.textContent()).toContain('HeadlessChrome');
    await shot(page, '23-shares-screen');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, '23b-shares-screen-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('revoked in the app, the recipient’s reload gets the "no longer available" page, and the timeline says so', async () => {
    await byTestId('share-revoke').click();
    await visible(page.getByTestId('confirm-dialog'));
    await page.getByTestId('confirm-dialog-confirm').click();
    await eventually(textOf(byTestId('share-detail-state'))).toBe('Revoked');

    const again = await recipient.page.reload();
    expect(again?.status()).toBe(404);
    await visible(recipient.page.getByRole('heading', { name: 'This link is no longer available' }));
    await shot(recipient.page, '24-share-gone');

    await eventually(async () => (await timelineEvents()).at(-1)).toBe('denied:revoked');
    expect(await byTestId('share-timeline-entry').last().textContent()).toContain('Denied: the link was revoked');
    expect(await attributeOf(byTestId('share-row').filter({ hasText: RECIPIENT }), 'data-state')()).toBe('revoked');
  });

  it('the share server settings: status shown, a change is saved and the server restarted with it', async () => {
    await byTestId('shares-tab-server').click();
    await visible(byTestId('share-server-status'));
    expect(await attributeOf(byTestId('share-server-status'), 'data-state')()).toBe('running');
    expect(await textOf(byTestId('share-server-url'))()).toBe(app.shell.shareStatus().baseUrl);
    await byTestId('share-server-whole-ip').check();
    await byTestId('share-server-save').click();
    await eventually(async () => (await callInPage(page, 'shareServer.get', {})).settings.keepWholeIp).toBe(true);
    expect(app.shell.shareStatus().state).toBe('running');
    await byTestId('shares-close').click();
    await gone(byTestId('shares-screen'));
    expect([...owner.errors, ...recipient.errors].filter((e) => !/404|Failed to load resource/.test(e))).toEqual([]);
  });
});
