import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Waiting on the UI without fixed sleeps: playwright-core has no `expect(locator)` matchers (those
 * live in @playwright/test), so assertions about the page poll with vitest's expect.poll, and
 * visibility uses Playwright's own auto-waiting.
 */
export const UI_TIMEOUT_MS = 20_000;

/** `await eventually(() => locator.count()).toBe(3)`: retried every 50 ms until it holds or times out. */
export function eventually<T>(read: () => Promise<T> | T, timeout = UI_TIMEOUT_MS) {
  return expect.poll(read, { timeout, interval: 50 });
}

export async function visible(locator: Locator, timeout = UI_TIMEOUT_MS): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
}

/** Not in the DOM at all (unmounted), not merely hidden. */
export async function gone(locator: Locator, timeout = UI_TIMEOUT_MS): Promise<void> {
  await eventually(() => locator.count(), timeout).toBe(0);
}

export const textOf = (locator: Locator) => async () => (await locator.textContent())?.trim() ?? '';
export const attributeOf = (locator: Locator, name: string) => () => locator.getAttribute(name);
