import type { Page } from 'playwright-core';
import { apiMethods, type ApiArgs, type ApiMethod, type ApiResult } from '../../shared/api/contract';
import { httpRoutes } from '../../shared/api/http';

/**
 * Reading the engine from inside the page, with the page's own session cookie (HttpOnly, so only the
 * page's requests carry it): for checks that the UI did what it showed, never to drive the flow.
 * No vitest import: bench/ui-*.ts shares this file.
 */
export async function callInPage<M extends ApiMethod>(page: Page, method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const body = await page.evaluate(
    async ({ url, args }) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(args),
        credentials: 'same-origin',
      });
      return { status: response.status, text: await response.text() };
    },
    { url: httpRoutes.call(method), args },
  );
  if (body.status !== 200) throw new Error(`${method} answered HTTP ${body.status}: ${body.text}`);
  const envelope = JSON.parse(body.text) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  if (!envelope.ok) throw new Error(`${method} failed: ${envelope.error?.code} ${envelope.error?.message}`);
  return apiMethods[method].result.parse(envelope.value) as ApiResult<M>;
}

/** The JPEG behind a same-origin URL as the page gets it (cookie included), e.g. an <img> src. */
export async function fetchImageInPage(page: Page, url: string): Promise<Buffer> {
  const result = await page.evaluate(async (src) => {
    const response = await fetch(src, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { status: response.status, type: response.headers.get('content-type'), base64: btoa(binary) };
  }, url);
  if (result.status !== 200) throw new Error(`GET ${url} answered HTTP ${result.status}`);
  if (result.type !== 'image/jpeg') throw new Error(`GET ${url} answered ${String(result.type)}, not image/jpeg`);
  return Buffer.from(result.base64, 'base64');
}
