import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { SyncBackend } from '../backends/backend';
import { isRemoteFault, throwIfAborted } from '../backends/remote-error';
import { sealObject } from '../envelope/envelope';
import { sentBatch } from '../ops/batches-out';
import { localDeviceId } from '../ops/device';
import { opsObjectName } from '../remote-names';
import type { SyncProblem } from './problems';
import type { PassProgress } from './progress';

export interface ResendReport {
  resent: number;
  problems: SyncProblem[];
}

/**
 * Batches this device sent that the remote's listing lacks (someone deleted them, or the remote was
 * restored from an older copy) would leave every other device stuck at the gap forever. Each is
 * rebuilt from the op log (it must hash to what was sent: later batches chain to it) and put again
 * under its own name: objects are written once per name, and re-creating a missing name is allowed.
 * A name found taken meanwhile holds it already. A batch that cannot be rebuilt is reported.
 */
export async function resendMissingOwnBatches(
  db: Database,
  backend: SyncBackend,
  objectsKey: Buffer,
  onRemote: ReadonlySet<number>,
  progress: PassProgress,
  signal?: AbortSignal,
): Promise<ResendReport> {
  const self = localDeviceId(db);
  const sent = db.prepare('SELECT seq FROM sync_batches_out WHERE sent_at IS NOT NULL ORDER BY seq').pluck().all() as number[];
  const report: ResendReport = { resent: 0, problems: [] };
  for (const seq of sent.filter((s) => !onRemote.has(s))) {
    throwIfAborted(signal);
    const name = opsObjectName(self, seq);
    const out = sentBatch(db, seq);
    if (!out) {
      report.problems.push({
        kind: 'batch',
        problem: 'rolled-back',
        device: self,
        seq,
        objectName: name,
        message: `batch ${seq} of this device (${self}) is missing from the remote and cannot be rebuilt from the local op log to send again; other devices stop before it`,
      });
      continue;
    }
    const sealed = await sealObject(objectsKey, name, Buffer.from(JSON.stringify(out.batch), 'utf8'));
    try {
      await backend.put(name, sealed, { signal });
      progress.up(sealed.length);
      report.resent += 1;
    } catch (err) {
      if (!isRemoteFault(err, 'exists')) throw err;
    }
  }
  return report;
}
