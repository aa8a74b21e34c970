import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiArgs } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { ExportProgressEvent, ExportReportEvent } from '../../shared/api/imaging-schemas';
import { installTransport } from '../../renderer/src/api';
import { connectStores } from '../../renderer/src/stores/connect-stores';
import { useExport } from '../../renderer/src/stores/export-store';
import { useVault } from '../../renderer/src/stores/vault-store';
import { idFor } from './helpers/assets';
import { fakeTransport, settle, type FakeTransport } from './helpers/fake-transport';

const JOB = 'job-42';
const defaults = { renditionPresetId: 'builtin-full-size', nameTemplate: '{sku}_{n}.{ext}' };
const known = { rendition: ['builtin-full-size', 'builtin-web'], watermark: ['pqrstvwxyz01'] };
const ids = [idFor(1), idFor(2)];

function progress(filesDone: number, jobId = JOB): ExportProgressEvent {
  return { jobId, filesDone, filesTotal: 2, bytesDone: filesDone * 5e6, bytesTotal: 1e7, bytesWritten: filesDone * 4e5, failed: 0, filesPerSecond: 1.5, bytesPerSecond: 7e6, etaSeconds: 2 - filesDone, current: 'mug.jpg' };
}

const report: ExportReportEvent = {
  jobId: JOB,
  outDir: '/exports',
  files: [
    { ok: true, assetId: idFor(1), versionNumber: 2, title: 'Mug', file: 'SKU-1_1.jpg', path: '/exports/SKU-1_1.jpg', bytes: 400_000, width: 2000, height: 2000 },
    { ok: false, assetId: idFor(2), title: 'Tote', reason: 'the image file is missing from the vault' },
  ],
  written: 1,
  failed: 1,
  cancelled: false,
  elapsedMs: 1800,
  error: null,
};

describe('export store with a fake transport', () => {
  let transport: FakeTransport;
  let disconnect: () => void = () => undefined;

  beforeEach(() => {
    disconnect();
    useExport.getState().reset();
    transport = fakeTransport({ 'export.start': () => ({ jobId: JOB, filesTotal: 2 }), 'export.cancel': () => ({ ok: true }) });
    installTransport(transport);
    useVault.setState({ vault: { state: 'unlocked', dir: '/v', vaultId: 'v', unlock: null, idleLockMinutes: 15 }, connection: 'ready' });
    disconnect = connectStores();
    useExport.getState().prepare(ids);
    useExport.getState().applyDefaults(defaults, known);
  });

  it('starts with the chosen options and follows the job to its report', async () => {
    useExport.getState().setOptions({ renditionPresetId: 'builtin-web', watermarkPresetId: 'pqrstvwxyz01', outDir: ' /exports ' });
    await useExport.getState().start();
    expect(transport.calls[0]).toEqual({
      method: 'export.start',
      args: { assetIds: ids, outDir: '/exports', renditionPresetId: 'builtin-web', watermarkPresetId: 'pqrstvwxyz01', nameTemplate: '{sku}_{n}.{ext}' },
    });
    expect(useExport.getState()).toMatchObject({ phase: 'running', jobId: JOB, filesTotal: 2 });

    transport.emit('export.progress', progress(1));
    transport.emit('export.progress', progress(1, 'another-job'));
    expect(useExport.getState().progress).toMatchObject({ filesDone: 1, jobId: JOB });

    transport.emit('export.done', report);
    expect(useExport.getState()).toMatchObject({ phase: 'done', report: { written: 1, failed: 1 } });
    transport.emit('export.progress', progress(2));
    expect(useExport.getState().progress?.filesDone).toBe(1);

    // The next export keeps the folder and presets, not the last job.
    useExport.getState().finish();
    useExport.getState().prepare([idFor(9)]);
    expect(useExport.getState()).toMatchObject({ phase: 'options', report: null, assetIds: [idFor(9)], options: { outDir: ' /exports ', renditionPresetId: 'builtin-web' } });
  });

  it('starts from the engine’s defaults and forgets presets that were deleted since the last export', () => {
    expect(useExport.getState().options).toEqual({ renditionPresetId: 'builtin-full-size', watermarkPresetId: null, nameTemplate: '{sku}_{n}.{ext}', outDir: '' });
    useExport.getState().setOptions({ renditionPresetId: 'builtin-web', watermarkPresetId: 'pqrstvwxyz01', nameTemplate: '{title}.{ext}' });
    useExport.getState().applyDefaults(defaults, known);
    expect(useExport.getState().options).toMatchObject({ renditionPresetId: 'builtin-web', watermarkPresetId: 'pqrstvwxyz01', nameTemplate: '{title}.{ext}' });
    useExport.getState().applyDefaults(defaults, { rendition: ['builtin-full-size'], watermark: [] });
    expect(useExport.getState().options).toMatchObject({ renditionPresetId: 'builtin-full-size', watermarkPresetId: null, nameTemplate: '{title}.{ext}' });
  });

  it('keeps events that arrive before the start call answers', async () => {
    transport.setHandler('export.start', async () => {
      transport.emit('export.progress', progress(2));
      transport.emit('export.done', report);
      return { jobId: JOB, filesTotal: 2 };
    });
    useExport.getState().setOptions({ outDir: '/exports' });
    await useExport.getState().start();
    expect(useExport.getState()).toMatchObject({ phase: 'done', progress: { filesDone: 2 }, report: { jobId: JOB } });
  });

  it('asks for what is missing before calling, and leaves the engine’s other refusals to the form', async () => {
    useExport.getState().setOptions({ nameTemplate: '  ' });
    await useExport.getState().start();
    expect(transport.calls).toEqual([]);
    expect(Object.keys(useExport.getState().fieldErrors).sort()).toEqual(['nameTemplate', 'outDir']);
    useExport.getState().setOptions({ outDir: '/nope' });
    expect(Object.keys(useExport.getState().fieldErrors)).toEqual(['nameTemplate']);

    useExport.getState().setOptions({ nameTemplate: '{sku}' });
    transport.setHandler('export.start', () => {
      throw new ApiError('NOT_FOUND', 'the export folder /nope does not exist; create it or choose another');
    });
    await useExport.getState().start();
    expect(useExport.getState()).toMatchObject({ phase: 'options', error: 'The export folder /nope does not exist; create it or choose another.' });

    transport.setHandler('export.start', () => {
      throw new ApiError('INVALID_ARGUMENT', 'invalid arguments for export.start: nameTemplate: a file-name template cannot be empty');
    });
    await useExport.getState().start();
    expect(useExport.getState().fieldErrors).toEqual({ nameTemplate: 'A file-name template cannot be empty.' });
  });

  it('cancels through the engine; "already finished" is no error', async () => {
    useExport.getState().setOptions({ outDir: '/exports' });
    await useExport.getState().start();
    await useExport.getState().cancel();
    expect(transport.calls.at(-1)).toEqual({ method: 'export.cancel', args: { jobId: JOB } });
    expect(useExport.getState().phase).toBe('cancelling');
    transport.emit('export.done', { ...report, cancelled: true });
    expect(useExport.getState()).toMatchObject({ phase: 'done', report: { cancelled: true } });

    useExport.getState().finish();
    useExport.getState().prepare(ids);
    await useExport.getState().start();
    transport.setHandler('export.cancel', () => {
      throw new ApiError('NOT_FOUND', 'no such export is running');
    });
    await useExport.getState().cancel();
    expect(useExport.getState()).toMatchObject({ phase: 'cancelling', error: null });
  });

  it('ignores export events once the vault is locked, and forgets the job on lock', async () => {
    useExport.getState().setOptions({ outDir: '/exports' });
    await useExport.getState().start();
    transport.setHandler('vault.lock', () => ({ state: 'locked', dir: '/v', vaultId: 'v', unlock: { passphrase: true, recoveryKey: true, keychain: false }, idleLockMinutes: 15 }));
    await useVault.getState().lock();
    await settle();
    expect(useExport.getState()).toMatchObject({ phase: 'options', jobId: null, assetIds: [], options: { outDir: '' } });
    transport.emit('export.done', report);
    expect(useExport.getState().report).toBeNull();
  });

  it('will not start a second export, or re-prepare, while one runs', async () => {
    useExport.getState().setOptions({ outDir: '/exports' });
    await useExport.getState().start();
    useExport.getState().prepare([idFor(5)]);
    await useExport.getState().start();
    expect(transport.calls.filter((c) => c.method === 'export.start')).toHaveLength(1);
    expect(useExport.getState().assetIds).toEqual(ids);
    expect((transport.calls[0]!.args as ApiArgs<'export.start'>).assetIds).toEqual(ids);
  });
});
