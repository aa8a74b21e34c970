import type { DeviceInfo } from '../../sync/ops/devices';
import type { SyncProblem } from '../../sync/pass/problems';
import type { BaselineProgress } from '../../sync/ops/baseline';
import type { SyncPassProgress } from '../../sync/pass/progress';
import type { SyncPassReport } from '../../sync/sync-pass';
import type { IngestProgress } from '../../ingest/progress';
import { formatBytes } from '../io';

const PHASE_LABEL: Record<SyncPassProgress['phase'], string> = {
  baseline: 'describing the vault for sync (once)',
  header: 'checking the target',
  send: 'sending changes',
  receive: 'receiving changes',
  blobs: 'moving images',
  snapshot: 'writing a snapshot',
  done: 'done',
};

/** The op log's start (a vault's first sync): assets described, of all. */
export function baselineBarProgress(p: BaselineProgress, startedAt: number): IngestProgress {
  const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
  return { filesDone: p.assets, filesTotal: p.totalAssets, bytesDone: 0, bytesTotal: 0, filesPerSecond: p.assets / seconds, bytesPerSecond: 0, etaSeconds: null, current: PHASE_LABEL.baseline };
}

/** The pass's figures in the shape the shared progress bar draws (items, bytes, rate). */
export function toBarProgress(p: SyncPassProgress, startedAt: number): IngestProgress {
  const blobsDone = p.blobs ? p.blobs.up.done + p.blobs.down.done : 0;
  const blobsTotal = p.blobs ? p.blobs.up.total + p.blobs.down.total : 0;
  const bytesDone = p.bytesUp + p.bytesDown;
  const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
  if (p.phase === 'baseline' && p.baseline) return baselineBarProgress(p.baseline, startedAt);
  const filesDone = p.batchesUp.done + p.batchesDown.done + blobsDone;
  return {
    filesDone,
    filesTotal: Math.max(filesDone, p.batchesUp.total + p.batchesDown.total + blobsTotal),
    bytesDone,
    bytesTotal: p.blobs ? p.blobs.up.bytesTotal + p.blobs.down.bytesTotal : bytesDone,
    filesPerSecond: filesDone / seconds,
    bytesPerSecond: bytesDone / seconds,
    etaSeconds: null,
    current: PHASE_LABEL[p.phase],
  };
}

export function renderProblem(p: SyncProblem): string {
  return `  problem  ${p.message}`;
}

export function renderPassReport(r: SyncPassReport): string {
  const lines = [
    `Sent ${r.sentBatches} batch${r.sentBatches === 1 ? '' : 'es'}, applied ${r.appliedBatches} (${r.appliedOps} change${r.appliedOps === 1 ? '' : 's'}); ` +
      `images ${r.blobsUploaded} up, ${r.blobsDownloaded} down; ${formatBytes(r.bytesUp)} up, ${formatBytes(r.bytesDown)} down` +
      `${r.snapshot ? '; snapshot written' : ''}.`,
  ];
  if (r.resentBatches > 0) lines.push(`${r.resentBatches} batch${r.resentBatches === 1 ? '' : 'es'} of this device had vanished from the target and ${r.resentBatches === 1 ? 'was' : 'were'} sent again.`);
  if (r.blobsUnavailable > 0) lines.push(`${r.blobsUnavailable} image file${r.blobsUnavailable === 1 ? ' is' : 's are'} not on the target yet (the device that has them has not synced).`);
  if (r.problems.length > 0) {
    lines.push(`${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} (nothing from them was applied):`);
    for (const p of r.problems) lines.push(renderProblem(p));
  }
  return lines.join('\n');
}

export function renderDevices(devices: DeviceInfo[]): string {
  if (devices.length === 0) return 'No devices.';
  return devices
    .map((d) => {
      const seen = d.self ? 'this device' : d.lastSeen ? `last seen ${new Date(d.lastSeen).toISOString()}` : 'not seen yet';
      const retired = d.retiredAfterSeq !== null ? `  retired (after batch ${d.retiredAfterSeq})` : '';
      return `${d.id}  ${(d.name ?? '(unnamed)').padEnd(20)}  ${seen}${retired}`;
    })
    .join('\n');
}
