import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../electron/core/api/index';
import { createCore } from '../../electron/core/index';
import type { ApiEvent } from '../../shared/api/contract';
import { makeTempDir } from '../helpers/temp-dir';
import { fixturesDir, TEST_PASSPHRASE } from '../helpers/vault';
import { call } from '../helpers/api-dispatch';

function newApi() {
  const dir = path.join(makeTempDir('api'), 'vault');
  return createApi(createCore({ keychain: null }), { vaultDir: dir });
}

/** A typed call through the untyped dispatcher, as the transports make it. */
describe('API dispatcher: validation at the boundary', () => {
  it('refuses unknown methods with a typed error', async () => {
    const api = newApi();
    expect(await api.dispatch('vault.destroyEverything', {})).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: expect.stringContaining('vault.destroyEverything') },
    });
    // Prototype keys are not methods either.
    expect((await api.dispatch('constructor', {})).ok).toBe(false);
  });

  it.each([
    ['assets.list', { limit: -1 }, /limit/],
    ['assets.list', { sort: 'random' }, /sort/],
    ['assets.list', { unexpected: true }, /unrecognized|unexpected/i],
    ['assets.get', { id: '../../vault.json' }, /id/],
    ['vault.create', { passphrase: 'short' }, /passphrase/],
    ['vault.unlock', { method: 'telepathy' }, /method|invalid/i],
    ['tags.change', { assetIds: [], add: ['x'], remove: [] }, /assetIds/],
    ['collections.create', { name: '   ' }, /name/],
  ])('%s with %j is INVALID_ARGUMENT naming the field', async (method, args, field) => {
    const api = newApi();
    const r = await api.dispatch(method, args);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_ARGUMENT');
    expect(r.error.message).toMatch(field);
  });

  it('non-object arguments do not crash the handler', async () => {
    const api = newApi();
    for (const args of [null, 42, 'string', [1, 2]]) {
      const r = await api.dispatch('assets.list', args);
      if (args === null) continue; // null is read as "no arguments"
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
  });

  it('calls that need the vault say it is locked, then work after unlock; lock wipes access again', async () => {
    const api = newApi();
    expect(await call(api, 'vault.state', {})).toMatchObject({ state: 'none' });
    expect(await api.dispatch('assets.list', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    const created = await call(api, 'vault.create', { passphrase: TEST_PASSPHRASE });
    expect(created.recoveryKey).toMatch(/^([0-9A-Z]{5}-){7}[0-9A-Z]{5}$/);
    expect(created.state.state).toBe('unlocked');
    expect(await call(api, 'assets.list', {})).toEqual({ total: 0, offset: 0, items: [] });
    expect(await call(api, 'vault.lock', {})).toMatchObject({ state: 'locked' });
    expect(await api.dispatch('assets.list', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    expect(await api.dispatch('vault.unlock', { method: 'passphrase', secret: 'not it at all' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE' },
    });
    expect(await call(api, 'vault.unlock', { method: 'recovery', secret: created.recoveryKey })).toMatchObject({ state: 'unlocked' });
  });

  it('an ingest job reports progress and a report as events; results are visible through the API', async () => {
    const api = newApi();
    await call(api, 'vault.create', { passphrase: TEST_PASSPHRASE });
    const seen: ApiEvent[] = [];
    const done = new Promise<unknown>((resolve) =>
      api.events.subscribe((event, payload) => {
        seen.push(event);
        if (event === 'ingest.done') resolve(payload);
      }),
    );
    const { jobId } = await call(api, 'ingest.startPaths', {
      paths: [path.join(fixturesDir, 'orientation/Landscape_6.jpg'), path.join(fixturesDir, 'hostile/struct-image-04-t.svg')],
    });
    const report = (await done) as { jobId: string; imported: unknown[]; refused: { source: string; reason: string }[] };
    expect(report.jobId).toBe(jobId);
    expect(report.imported).toHaveLength(1);
    expect(report.refused).toEqual([{ source: 'struct-image-04-t.svg', reason: expect.stringMatching(/SVG/) }]);
    expect(seen).toContain('ingest.progress');
    expect(seen).toContain('library.changed');
    // Images show up as they are committed, not only once the whole import is over.
    expect(seen.indexOf('library.changed')).toBeLessThan(seen.indexOf('ingest.done'));
    const list = await call(api, 'assets.list', {});
    expect(list.total).toBe(1);
    const asset = list.items[0]!;
    expect(asset.currentVersion).toMatchObject({ width: 1800, height: 1200 });
    const thumb = await api.media('thumb', asset.currentVersion.id);
    expect(thumb.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const detail = await call(api, 'assets.setApproval', { id: asset.id, version: 1, state: 'approved' });
    expect(detail.versions[0]).toMatchObject({ approval: 'approved', current: true });
    await expect(api.media('thumb', '../vault.json')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('an internal failure becomes INTERNAL without a stack trace', async () => {
    const logged: string[] = [];
    const api = createApi(createCore({ keychain: null }), { vaultDir: path.join(makeTempDir('api'), 'vault'), log: (m) => logged.push(m) });
    await call(api, 'vault.create', { passphrase: TEST_PASSPHRASE });
    // Closing the catalog behind the session's back makes the next query throw a plain TypeError.
    (api.session.requireVault().db as { close(): void }).close();
    const r = await api.dispatch('assets.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).not.toMatch(/at .*\.ts:\d+/);
    expect(logged.join('\n')).toMatch(/assets\.list/);
  });
});
