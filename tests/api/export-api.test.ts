import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../electron/core/api/index';
import { createCore } from '../../electron/core/index';
import { builtinRenditionPresets } from '../../electron/core/imaging/builtin-presets';
import { watermarkCacheStats } from '../../electron/core/imaging/watermark';
import { emptyRightsProfile } from '../../electron/core/imaging/types';
import type { ApiEvent, ApiEventPayload } from '../../shared/api/contract';
import { makeTempDir } from '../helpers/temp-dir';
import { fixturesDir, makeSuiteDir, TEST_PASSPHRASE } from '../helpers/vault';
import { call } from '../helpers/api-dispatch';

const fixture = (rel: string) => path.join(fixturesDir, rel);

function nextEvent<E extends ApiEvent>(api: Api, event: E, match: (p: ApiEventPayload<E>) => boolean = () => true): Promise<ApiEventPayload<E>> {
  return new Promise((resolve) => {
    const stop = api.events.subscribe((name, payload) => {
      if ((name as string) !== event) return;
      const typed = payload as unknown as ApiEventPayload<E>;
      if (match(typed)) {
        stop();
        resolve(typed);
      }
    });
  });
}

const draft = {
  text: '© {shop} {date}',
  logoBlob: null,
  sizePercent: 40,
  color: '#ffffff',
  opacity: 0.7,
  rotation: 0,
  placement: { mode: 'position' as const, position: 'bottom-right' as const, marginPercent: 3 },
  legibility: 'shadow' as const,
};

let root: string;
let api: Api;
let assetIds: string[] = [];
/** The 1800×1200 landscape photo: its stored preview is the image the designer draws on. */
let landscape = '';

beforeAll(async () => {
  root = makeSuiteDir('export-api');
  api = createApi(createCore({ keychain: null }), { vaultDir: path.join(root, 'vault') });
  await call(api, 'vault.create', { passphrase: TEST_PASSPHRASE });
  const done = nextEvent(api, 'ingest.done');
  await call(api, 'ingest.startPaths', {
    paths: ['orientation/Landscape_6.jpg', 'metadata/GPS.jpg', 'photos/flowers.jpeg', 'photos/4.webp'].map(fixture),
  });
  const imported = (await done).imported;
  assetIds = imported.map((i) => i.assetId);
  landscape = imported.find((i) => i.source === 'Landscape_6.jpg')!.assetId;
  expect(assetIds).toHaveLength(4);
}, 60_000);
afterAll(async () => {
  await api.session.lock();
  const { rmSync } = await import('node:fs');
  rmSync(root, { recursive: true, force: true });
});

describe('export API: validation at the boundary', () => {
  it.each([
    ['renditionPresets.save', { preset: { name: 'X', size: { mode: 'long-edge', longEdge: 1000 }, format: 'jpeg', quality: 0, sharpen: false } }, /preset\.quality/],
    ['renditionPresets.save', { preset: { name: 'X', size: { mode: 'square', edge: 10 }, format: 'jpeg', quality: 80, sharpen: false } }, /preset\.size/],
    ['renditionPresets.delete', { id: '../etc' }, /id/],
    ['watermarkPresets.save', { preset: { ...draft, name: 'Y', text: null } }, /preset\.text: a watermark needs text, a logo, or both/],
    ['watermarkPresets.save', { preset: { ...draft, name: 'Y', opacity: 2 } }, /preset\.opacity/],
    ['watermarkPresets.importLogo', { source: 'data', name: 'logo.png', base64: 'not base64!' }, /base64/],
    ['watermarkPresets.importLogo', { source: 'url', url: 'https://example.com/logo.png' }, /source|invalid/i],
    ['rights.set', { rights: { webStatement: 'example.com' } }, /rights\.webStatement: the web statement of rights must be a web address/],
    ['rights.set', { rights: { dataMining: 'please-no' } }, /rights\.dataMining/],
    ['export.start', { assetIds: [], outDir: '/tmp', renditionPresetId: 'builtin-web' }, /assetIds/],
    ['export.start', { assetIds: ['aaaaaaaaaaaa'], outDir: '/tmp', renditionPresetId: 'web 1200' }, /renditionPresetId/],
    ['export.start', { assetIds: ['aaaaaaaaaaaa'], outDir: '/tmp', renditionPresetId: 'builtin-web', nameTemplate: '' }, /nameTemplate/],
    ['watermark.preview', { assetId: 'aaaaaaaaaaaa', preset: { ...draft, rotation: 720 } }, /preset\.rotation/],
    ['watermark.preview', { assetId: 'aaaaaaaaaaaa', preset: draft, variables: { recipient: 'a\u0000b' } }, /variables\.recipient: must not contain control characters/],
  ])('%s with %j is INVALID_ARGUMENT naming the field', async (method, args, field) => {
    const r = await api.dispatch(method, args);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    if (!r.ok) expect(r.error.message).toMatch(field);
  });
});

describe('export API', () => {
  it('lists the presets with the dialog defaults; saves, resets and refuses to delete built-ins', async () => {
    const list = await call(api, 'presets.list', {});
    expect(list.rendition).toEqual(builtinRenditionPresets());
    expect(list.watermark).toEqual([]);
    expect(list.defaults).toEqual({ renditionPresetId: 'builtin-full-size', nameTemplate: '{sku}_{n}.{ext}' });
    const web = list.rendition.find((p) => p.id === 'builtin-web')!;
    expect(await call(api, 'renditionPresets.save', { preset: { ...web, quality: 70 } })).toEqual({ ...web, quality: 70 });
    expect(await api.dispatch('renditionPresets.delete', { id: 'builtin-web' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call(api, 'renditionPresets.reset', { id: 'builtin-web' })).toEqual(web);
    const mine = await call(api, 'renditionPresets.save', { preset: { name: 'Mine', size: { mode: 'long-edge', longEdge: 640 }, format: 'png', quality: 100, sharpen: false } });
    expect(await call(api, 'renditionPresets.delete', { id: mine.id })).toEqual({ ok: true });
  });

  it('rights: get, set some fields, clear one', async () => {
    expect(await call(api, 'rights.get', {})).toEqual({ rights: emptyRightsProfile, shopName: null });
    const set = await call(api, 'rights.set', { rights: { creator: 'Zoë', copyrightNotice: '© Zoë', dataMining: 'prohibited-genai' }, shopName: 'Zoë’s Shop' });
    expect(set).toEqual({ rights: { ...emptyRightsProfile, creator: 'Zoë', copyrightNotice: '© Zoë', dataMining: 'prohibited-genai' }, shopName: 'Zoë’s Shop' });
    expect(await call(api, 'rights.set', { rights: { copyrightNotice: '' } })).toMatchObject({ rights: { creator: 'Zoë', copyrightNotice: null } });
    expect(await call(api, 'rights.get', {})).toMatchObject({ rights: { copyrightNotice: null, dataMining: 'prohibited-genai' }, shopName: 'Zoë’s Shop' });
  });

  it('imports a logo from a path or as data, previews a draft with it, and saves it in a preset', async () => {
    const fromPath = await call(api, 'watermarkPresets.importLogo', { source: 'path', path: fixture('photos/with-alpha.png') });
    const small = await sharp(fixture('photos/with-alpha.png')).resize(200).png().toBuffer();
    const fromData = await call(api, 'watermarkPresets.importLogo', { source: 'data', name: 'logo.png', base64: small.toString('base64') });
    expect(fromData.logoBlob).not.toBe(fromPath.logoBlob);
    expect(await api.dispatch('watermarkPresets.importLogo', { source: 'path', path: fixture('hostile/struct-image-04-t.svg') })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/SVG/) },
    });

    const preview = await call(api, 'watermark.preview', { assetId: landscape, preset: { ...draft, logoBlob: fromPath.logoBlob } });
    expect(preview.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    const image = Buffer.from(preview.dataUrl.slice('data:image/jpeg;base64,'.length), 'base64');
    expect(await sharp(image).metadata()).toMatchObject({ format: 'jpeg', width: preview.width, height: preview.height });
    expect(Math.max(preview.width, preview.height)).toBe(1800);
    expect(preview.variables).toEqual({ date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), shop: 'Zoë’s Shop', recipient: '', shareId: '' });
    // The designer re-renders on every change: the decoded preview and the blobs are cached.
    const timings: number[] = [];
    for (const opacity of [0.2, 0.4, 0.6, 0.8, 1]) {
      const started = performance.now();
      await call(api, 'watermark.preview', { assetId: landscape, preset: { ...draft, opacity, logoBlob: fromPath.logoBlob }, variables: { recipient: 'Ana' } });
      timings.push(performance.now() - started);
    }
    console.log(`watermark.preview through the dispatcher, warm: ${timings.map((t) => t.toFixed(0)).join(', ')} ms`);
    expect(Math.min(...timings)).toBeLessThan(250);
    // The output geometry of a rendition preset can be shown too (a marketplace square).
    const square = await call(api, 'watermark.preview', { assetId: landscape, preset: draft, renditionPresetId: 'builtin-marketplace' });
    expect(square.width).toBe(square.height);

    // A blob id the vault does not hold as a logo (here: an asset's preview) is refused, never decrypted as one.
    const made = 'ab'.repeat(32);
    for (const r of [
      await api.dispatch('watermark.preview', { assetId: landscape, preset: { ...draft, logoBlob: made } }),
      await api.dispatch('watermarkPresets.save', { preset: { ...draft, name: 'Made up', logoBlob: made } }),
    ]) {
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/import the logo again/) } });
    }
    const saved = await call(api, 'watermarkPresets.save', { preset: { ...draft, name: 'Shop logo', logoBlob: fromPath.logoBlob } });
    expect((await call(api, 'presets.list', {})).watermark).toEqual([saved]);
  });

  it('runs an export as a job: progress and a per-file report as events, files in the folder', async () => {
    const out = makeTempDir('export-api-out');
    const progress: ApiEventPayload<'export.progress'>[] = [];
    const stop = api.events.subscribe((name, payload) => {
      if (name === 'export.progress') progress.push(payload as ApiEventPayload<'export.progress'>);
    });
    const watermark = (await call(api, 'presets.list', {})).watermark[0]!;
    const done = nextEvent(api, 'export.done');
    const started = await call(api, 'export.start', {
      assetIds,
      outDir: out,
      renditionPresetId: 'builtin-web',
      watermarkPresetId: watermark.id,
      nameTemplate: '{title}.{ext}',
    });
    expect(started.filesTotal).toBe(4);
    const report = await done;
    stop();
    expect(report).toMatchObject({ jobId: started.jobId, outDir: out, written: 4, failed: 0, cancelled: false, error: null });
    expect(readdirSync(out).sort()).toEqual(report.files.map((f) => (f.ok ? f.file : '')).sort());
    expect(readdirSync(out).every((n) => n.endsWith('.webp'))).toBe(true);
    expect(progress.at(-1)).toMatchObject({ jobId: started.jobId, filesDone: 4, filesTotal: 4, failed: 0 });
    expect(progress.at(-1)!.bytesWritten).toBe(report.files.reduce((n, f) => n + (f.ok ? f.bytes : 0), 0));
    const first = report.files[0]!;
    if (first.ok) expect(readFileSync(first.path).subarray(8, 12).toString('latin1')).toBe('WEBP');
  });

  it('refuses a missing folder at once, with nothing started', async () => {
    const missing = path.join(makeTempDir('export-api-missing'), 'nope');
    expect(await api.dispatch('export.start', { assetIds, outDir: missing, renditionPresetId: 'builtin-web' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/does not exist/) },
    });
    expect(await api.dispatch('export.start', { assetIds, outDir: missing, renditionPresetId: 'builtin-nothing' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/no rendition preset/) },
    });
    expect(await api.dispatch('export.cancel', { jobId: 'no-such-job' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('export.cancel stops a job: finished files stay whole, nothing partial is left', async () => {
    const out = makeTempDir('export-api-cancel');
    const ids = [...assetIds, ...assetIds];
    const done = nextEvent(api, 'export.done');
    let jobId = '';
    const firstFile = nextEvent(api, 'export.progress', (p) => p.jobId === jobId && p.filesDone >= 1);
    jobId = (await call(api, 'export.start', { assetIds: ids, outDir: out, renditionPresetId: 'builtin-full-size' })).jobId;
    await firstFile;
    expect(await call(api, 'export.cancel', { jobId })).toEqual({ ok: true });
    const report = await done;
    expect(report.cancelled).toBe(true);
    expect(report.written).toBeLessThan(4);
    expect(readdirSync(out).sort()).toEqual(report.files.flatMap((f) => (f.ok ? [f.file] : [])).sort());
    for (const f of report.files) if (f.ok) await sharp(readFileSync(f.path)).stats();
  });

  it('locking the vault cancels a running export and waits for it', async () => {
    const out = makeTempDir('export-api-lock');
    const done = nextEvent(api, 'export.done');
    await call(api, 'export.start', { assetIds, outDir: out, renditionPresetId: 'builtin-full-size' });
    await call(api, 'vault.lock', {});
    const report = await done;
    expect(report.cancelled).toBe(true);
    expect(readdirSync(out).filter((n) => n.includes('.partial-'))).toEqual([]);
    expect(await api.dispatch('presets.list', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    // No decoded preview pixels or marks made from vault data outlive the lock.
    expect(watermarkCacheStats()).toEqual({ overlays: 0, overlayBytes: 0, previews: 0 });
    await call(api, 'vault.unlock', { method: 'passphrase', secret: TEST_PASSPHRASE });
  });
});
