import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * The one way end-to-end tests and UI benchmarks start a browser: Debian's Chromium (the `chromium`
 * package, see README) driven by playwright-core, headless, with everything that would phone home
 * switched off. Playwright's own browser downloads are never used (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD).
 *
 * No vitest import here: bench/ui-*.ts shares this file.
 */
export const CHROMIUM_PATH = process.env.STRONGROOM_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
] as const;

/**
 * Chromium stays off the D-Bus session bus: `npm test` runs inside a throwaway keyring session
 * (scripts/with-keyring.sh), where Chromium would otherwise start the accessibility bus and could keep
 * its own passwords in that keyring. It needs neither.
 */
const CHROMIUM_ENV: Record<string, string> = {
  ...Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  DBUS_SESSION_BUS_ADDRESS: 'disabled:',
};

export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs], env: CHROMIUM_ENV });
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, for a test to assert on or print when it fails. */
  errors: string[];
}

/**
 * Functions handed to page.evaluate travel as source text. tsx (esbuild with keepNames) rewrites named
 * inner functions to call a `__name` helper that exists only in Node, so the page gets a no-op one.
 * A string, so that no compiler rewrites it in turn.
 */
const KEEP_NAMES_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

/** A fresh context (its own cookies) and page, collecting page errors. */
export async function openPage(browser: Browser, viewport = { width: 1600, height: 1000 }): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  await context.addInitScript(KEEP_NAMES_SHIM);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return { context, page, errors };
}
