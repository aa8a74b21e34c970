import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import type { IngestProgressEvent, IngestReportEvent } from '../../shared/api/schemas';
import { installTransport, itemsFromFiles } from '../../renderer/src/api';
import { connectStores } from '../../renderer/src/stores/connect-stores';
import { isFinished, refusedFiles, useIngest } from '../../renderer/src/stores/ingest-store';
import { useVault } from '../../renderer/src/stores/vault-store';
import { idFor } from './helpers/assets';
import { fakeTransport, settle, type FakeTransport } from './helpers/fake-transport';

const JOB = 'job-1';

function progress(filesDone: number, change: Partial<IngestProgressEvent> = {}): IngestProgressEvent {
  return {
    jobId: JOB,
    filesDone,
    filesTotal: 3,
    bytesDone: filesDone * 1_000_000,
    bytesTotal: 3_000_000,
    filesPerSecond: 2,
    bytesPerSecond: 2_000_000,
    etaSeconds: 3 - filesDone,
    current: filesDone < 3 ? `IMG_${filesDone}.jpg` : null,
    recent: [],
    ...change,
  };
}

const report: IngestReportEvent = {
  jobId: JOB,
  imported: [{ source: 'IMG_0.jpg', assetId: idFor(1), versionNumber: 1, newAsset: true }],
  duplicates: [{ source: 'IMG_1.jpg', assetId: idFor(2), title: 'Blue mug' }],
  refused: [{ source: 'notes.txt', reason: 'not an image (unrecognised format)' }],
  cancelled: false,
  elapsedMs: 1500,
};

const file = (name: string) => new File([new Uint8Array(10)], name);

describe('ingest store with a fake transport', () => {
  let transport: FakeTransport;
  let disconnect: () => void;

  beforeEach(() => {
    disconnect?.();
    transport = fakeTransport(
      { 'ingest.startPaths': () => ({ jobId: JOB }), 'ingest.cancel': () => ({ ok: true }) },
      // Electron's getPathForFile gives '' for something that is not a file on disk.
      { kind: 'paths', pathForFile: (f) => (f.name === 'from-browser.png' ? '' : `/photos/${f.name}`) },
    );
    installTransport(transport);
    useIngest.getState().reset();
    useVault.setState({ vault: { state: 'unlocked', dir: '/v', vaultId: 'v', unlock: null, idleLockMinutes: 15 }, connection: 'ready' });
    disconnect = connectStores();
  });

  it('goes from start through progress events to the final report', async () => {
    await useIngest.getState().importItems(itemsFromFiles([file('IMG_0.jpg'), file('IMG_1.jpg'), file('notes.txt'), file('from-browser.png')]));
    expect(transport.calls[0]).toEqual({ method: 'ingest.startPaths', args: { paths: ['/photos/IMG_0.jpg', '/photos/IMG_1.jpg', '/photos/notes.txt'] } });

    let [job] = useIngest.getState().jobs;
    expect(job).toMatchObject({ jobId: JOB, status: 'running', fileCount: 3 });
    expect(job!.skipped).toEqual([{ source: 'from-browser.png', reason: expect.stringContaining('not a file on this computer') }]);

    transport.emit('ingest.progress', progress(1, { recent: [{ name: 'IMG_0.jpg', outcome: 'imported' }] }));
    transport.emit('ingest.progress', progress(2));
    [job] = useIngest.getState().jobs;
    expect(job!.progress).toMatchObject({ filesDone: 2, etaSeconds: 1, current: 'IMG_2.jpg' });

    transport.emit('ingest.done', report);
    [job] = useIngest.getState().jobs;
    expect(job!.status).toBe('done');
    expect(isFinished(job!)).toBe(true);
    expect(job!.report?.duplicates[0]?.assetId).toBe(idFor(2));
    expect(refusedFiles(job!).map((r) => r.source)).toEqual(['from-browser.png', 'notes.txt']);

    // A late progress event does not reopen a finished job.
    transport.emit('ingest.progress', progress(2));
    expect(useIngest.getState().jobs[0]!.status).toBe('done');
  });

  it('keeps events that arrive before the start call returns', async () => {
    transport.setHandler('ingest.startPaths', async () => {
      transport.emit('ingest.progress', progress(1));
      return { jobId: JOB };
    });
    await useIngest.getState().importItems(itemsFromFiles([file('a.jpg')]), { assetId: idFor(9), label: 'New version of “Mug”' });
    expect(transport.calls[0]!.args).toEqual({ paths: ['/photos/a.jpg'], assetId: idFor(9) });
    const jobs = useIngest.getState().jobs;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ label: 'New version of “Mug”', assetId: idFor(9), fileCount: 1 });
    expect(jobs[0]!.progress?.filesDone).toBe(1);
  });

  it('reports a drop where nothing could be imported, without a job', async () => {
    await useIngest.getState().importItems(itemsFromFiles([file('from-browser.png')]));
    expect(transport.calls).toHaveLength(0);
    const [job] = useIngest.getState().jobs;
    expect(job).toMatchObject({ jobId: null, status: 'done' });
    expect(refusedFiles(job!)).toHaveLength(1);
  });

  it('cancels through the engine, and ignores "already finished"', async () => {
    await useIngest.getState().importItems(itemsFromFiles([file('a.jpg')]));
    const key = useIngest.getState().jobs[0]!.key;
    await useIngest.getState().cancel(key);
    expect(transport.calls.at(-1)).toEqual({ method: 'ingest.cancel', args: { jobId: JOB } });
    expect(useIngest.getState().jobs[0]!.status).toBe('cancelling');
    transport.emit('ingest.done', { ...report, cancelled: true });
    expect(useIngest.getState().jobs[0]).toMatchObject({ status: 'done', report: { cancelled: true } });

    transport.setHandler('ingest.cancel', () => {
      throw new ApiError('NOT_FOUND', 'no such import is running');
    });
    await useIngest.getState().cancel(key); // finished: nothing to do, no error
  });

  it('dismisses only finished jobs, and forgets everything on reset (lock)', async () => {
    await useIngest.getState().importItems(itemsFromFiles([file('a.jpg')]));
    const key = useIngest.getState().jobs[0]!.key;
    useIngest.getState().dismiss(key);
    expect(useIngest.getState().jobs).toHaveLength(1);
    transport.emit('ingest.done', report);
    useIngest.getState().dismiss(key);
    expect(useIngest.getState().jobs).toHaveLength(0);
    await useIngest.getState().importItems(itemsFromFiles([file('b.jpg')]));
    useIngest.getState().reset();
    expect(useIngest.getState().jobs).toHaveLength(0);
  });

  it('drops ingest events while the vault is locked', async () => {
    useVault.setState({ vault: { state: 'locked', dir: '/v', vaultId: 'v', unlock: null, idleLockMinutes: 15 } });
    transport.emit('ingest.progress', progress(1));
    await settle();
    expect(useIngest.getState().jobs).toHaveLength(0);
  });
});
