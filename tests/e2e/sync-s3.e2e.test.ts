import keytar from 'keytar';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyToBuffer, type RemoteObjectInfo } from '../../electron/core/sync/backends/backend';
import { ingest } from '../../electron/core/ingest/ingest';
import { KEYCHAIN_SERVICE } from '../../electron/core/keys/keychain';
import { createKeytarDriver } from '../../electron/core/keys/keytar-driver';
import { Vault } from '../../electron/core/vault/vault';
import { S3RVER_CREDENTIALS, startS3rver, type S3rverProcess } from '../sync/helpers/s3rver';
import { plaintextIn } from '../helpers/plaintext';
import { makeSuiteDir, repoRoot } from '../helpers/vault';
import { startAppShell, type AppShell } from './app-shell';
import { launchChromium, openPage, type OpenedPage } from './browser';
import { fixturePath } from './fixture-files';
import { stopFlowAtFirstFailure } from './flow';
import { waitForVisibleThumbnails } from './grid';
import { callInPage } from './page-api';
import { ensureRendererBuilt } from './renderer-build';
import { attributeOf, eventually, textOf, visible } from './ui-expect';

/**
 * Connecting a bucket from the Sync screen, through the browser shell with the OS keychain (a real
 * gnome-keyring via keytar, as in tests/sync/credential-store.test.ts) and an s3rver process on
 * 127.0.0.1: an unreachable endpoint is refused in words, the real one syncs, the keys live in the
 * keychain only (not in the vault's files), the bucket holds sealed objects under the prefix, and
 * Disconnect removes the keys. s3rver knows one access key id (S3RVER) and refuses others, which is
 * how refused credentials are tested.
 */
const PASSPHRASE = 'a lantern in the boathouse at dusk 42';
const SCREENSHOTS = path.join(repoRoot, 'test-results', 'screenshots');
const LONG = 120_000;
const PREFIX = 'shop/';

let root: string;
let s3: S3rverProcess;
let app: AppShell;
let browser: Browser;
let opened: OpenedPage;
let page: Page;

async function listAll(prefix: string): Promise<RemoteObjectInfo[]> {
  const found: RemoteObjectInfo[] = [];
  for await (const info of s3.backend(PREFIX).list(prefix)) found.push(info);
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

async function keychainAccounts(): Promise<string[]> {
  return (await keytar.findCredentials(KEYCHAIN_SERVICE)).map((c) => c.account).filter((a) => a.startsWith('sync-s3-'));
}

beforeAll(async () => {
  console.info(`[e2e] ${await ensureRendererBuilt()}`);
  root = makeSuiteDir('e2e-sync-s3');
  s3 = await startS3rver('e2e-shop');
  const { vault } = await Vault.create(path.join(root, 'device'), { passphrase: PASSPHRASE, keychain: null });
  try {
    expect((await ingest(vault, [{ kind: 'file', path: fixturePath('photos/flowers.jpeg') }])).refused).toEqual([]);
  } finally {
    vault.close();
  }
  app = await startAppShell(path.join(root, 'device'), { keychain: createKeytarDriver() });
  browser = await launchChromium();
  opened = await openPage(browser, { width: 1400, height: 900 });
  page = opened.page;
  page.setDefaultTimeout(30_000);
}, LONG);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await s3?.stop();
  for (const account of await keychainAccounts().catch(() => [])) await keytar.deletePassword(KEYCHAIN_SERVICE, account).catch(() => false);
  if (root) rmSync(root, { recursive: true, force: true });
}, LONG);

stopFlowAtFirstFailure(async () => {
  await page?.screenshot({ path: path.join(SCREENSHOTS, 'sync-s3-failure.png') }).catch(() => undefined);
  if (opened && opened.errors.length > 0) console.error(`[e2e] page errors:\n${opened.errors.join('\n')}`);
  if (app && app.logs.length > 0) console.error(`[e2e] shell log:\n${app.logs.join('\n')}`);
});

async function fillBucketForm(endpoint: string, keys = S3RVER_CREDENTIALS): Promise<void> {
  await page.getByTestId('sync-s3-endpoint').fill(endpoint);
  await page.getByTestId('sync-s3-bucket').fill(s3.bucket);
  await page.getByTestId('sync-s3-region').fill('us-east-1');
  await page.getByTestId('sync-s3-prefix').fill(PREFIX);
  await page.getByTestId('sync-s3-path-style').check();
  await page.getByTestId('sync-s3-access-key').fill(keys.accessKeyId);
  await page.getByTestId('sync-s3-secret').fill(keys.secretAccessKey);
}

describe('sync to an S3 bucket from the Sync screen', { timeout: LONG }, () => {
  it('an endpoint nobody answers is refused in words, and nothing is saved', async () => {
    await page.goto(app.url);
    await page.getByTestId('unlock-passphrase').fill(PASSPHRASE);
    await page.getByTestId('unlock-submit').click();
    await waitForVisibleThumbnails(page, 1);
    await page.getByTestId('sync-indicator').click();
    await visible(page.getByTestId('sync-screen'));
    await page.getByTestId('sync-kind').getByText('An S3 bucket').click();
    // Port 9 (discard) on 127.0.0.1: nothing listens there, so the connection is refused.
    await fillBucketForm('http://127.0.0.1:9');
    await page.getByTestId('sync-connect').click();
    await eventually(textOf(page.getByTestId('sync-action-error')), 60_000).toMatch(/^The endpoint is unreachable \(http:\/\/127\.0\.0\.1:9: ECONNREFUSED\)/);
    expect((await callInPage(page, 'sync.status', {})).state).toBe('not-connected');
    expect(await keychainAccounts()).toEqual([]);
  });

  it('keys the bucket does not know are refused in words, and nothing is saved', async () => {
    await fillBucketForm(s3.endpoint, { accessKeyId: 'NOTAKEYTHEBUCKETKNOWS', secretAccessKey: 'wrong-secret-for-e2e' });
    await page.getByTestId('sync-connect').click();
    await eventually(textOf(page.getByTestId('sync-action-error')), 60_000).toMatch(/^The bucket refused the credentials \(InvalidAccessKeyId; the bucket e2e-shop\/shop\/ at /);
    expect((await callInPage(page, 'sync.status', {})).state).toBe('not-connected');
    expect(await keychainAccounts()).toEqual([]);
  });

  it('the bucket connects and syncs; its keys are in the keychain only; it holds sealed objects under the prefix', async () => {
    await fillBucketForm(s3.endpoint);
    await page.getByTestId('sync-connect').click();
    await eventually(attributeOf(page.getByTestId('sync-status'), 'data-state'), 60_000).toBe('idle');
    expect(await textOf(page.getByTestId('sync-target'))()).toBe(`${s3.bucket}/${PREFIX} at ${s3.endpoint}`);
    await page.screenshot({ path: path.join(SCREENSHOTS, '41-sync-s3-connected.png') });

    const accounts = await keychainAccounts();
    expect(accounts).toHaveLength(1);
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, accounts[0]!)).toBeTruthy();
    
    const secret = Buffer.from(S3RVER_CREDENTIALS.secretAccessKey);
    for (const file of filesUnder(app.vaultDir)) expect(readFileSync(file).includes(secret), `${file} holds the secret`).toBe(false);

    const objects = await listAll('');
    expect(objects.filter((o) => o.name.startsWith('blobs/')).length).toBeGreaterThanOrEqual(3);
    expect(objects.some((o) => o.name.startsWith('ops/'))).toBe(true);
    for (const o of objects) {
      const bytes = await bodyToBuffer((await s3.backend(PREFIX).get(o.name)).body);
      expect(plaintextIn(bytes, ['flowers']), o.name).toEqual([]);
    }
  });

  it('Disconnect (asked first) forgets the keys; the bucket keeps what it holds', async () => {
    const before = (await listAll('')).length;
    await page.getByTestId('sync-disconnect').click();
    await page.getByTestId('confirm-dialog-confirm').click();
    await visible(page.getByTestId('sync-connect-form'));
    expect((await callInPage(page, 'sync.status', {})).state).toBe('not-connected');
    await eventually(keychainAccounts).toEqual([]);
    expect((await listAll('')).length).toBe(before);
  });
});
