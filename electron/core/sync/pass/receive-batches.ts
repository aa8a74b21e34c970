import type { Database } from 'better-sqlite3-multiple-ciphers';
import { bodyToBuffer, type SyncBackend } from '../backends/backend';
import { throwIfAborted } from '../backends/remote-error';
import { openObject } from '../envelope/envelope';
import { BatchGapError, BatchReplayedError, SyncBatchError } from '../ops/batch-errors';
import { applyIncomingBatch, checkRemoteHighWater, highWater } from '../ops/batches-in';
import { localDeviceId } from '../ops/device';
import { OPS_PREFIX, opsObjectName, parseOpsObjectName } from '../remote-names';
import { isStorageWide, problemOf, type SyncProblem } from './problems';
import type { PassProgress } from './progress';
import { resendMissingOwnBatches } from './resend-own-batches';

export interface ReceiveReport {
  appliedBatches: number;
  appliedOps: number;
  /** This device's sent batches that had vanished from the remote and were put there again. */
  resentBatches: number;
  problems: SyncProblem[];
}

/** One listing of `ops/`: each device's batch numbers, and the names that are not ours to read. */
export async function listRemoteBatches(backend: SyncBackend, signal?: AbortSignal): Promise<{ byDevice: Map<string, Set<number>>; foreign: string[] }> {
  const byDevice = new Map<string, Set<number>>();
  const foreign: string[] = [];
  for await (const item of backend.list(OPS_PREFIX, { signal })) {
    const parsed = parseOpsObjectName(item.name);
    if (!parsed) {
      foreign.push(item.name);
      continue;
    }
    const set = byDevice.get(parsed.deviceId) ?? new Set<number>();
    set.add(parsed.seq);
    byDevice.set(parsed.deviceId, set);
  }
  return { byDevice, foreign };
}

function retiredDeviceProblem(device: string, afterSeq: number, refused: number[]): SyncProblem {
  const first = refused[0]!;
  const last = refused[refused.length - 1]!;
  const which = refused.length === 1 ? `its batch ${first} is refused` : `its ${refused.length} batches ${first}–${last} are refused`;
  return {
    kind: 'batch',
    problem: 'retired',
    device,
    seq: first,
    objectName: opsObjectName(device, first),
    message: `device ${device} was retired after its batch ${afterSeq}; ${which} (changes made there after its retirement are not taken in)`,
  };
}

/**
 * Step (b) of a pass: for each other device, its batches after this device's high-water mark, fetched
 * and applied one by one in sequence order. Each is authenticated (bound to its name) before it is
 * parsed, and applied in one transaction with its bookkeeping, so an interruption leaves whole batches.
 * A device whose next batch is missing (a gap), damaged, replaced, rolled back or refused (retired) is
 * reported by name and number and left there; the other devices go on.
 */
export async function receiveBatches(db: Database, backend: SyncBackend, objectsKey: Buffer, progress: PassProgress, signal?: AbortSignal): Promise<ReceiveReport> {
  const report: ReceiveReport = { appliedBatches: 0, appliedOps: 0, resentBatches: 0, problems: [] };
  const { byDevice, foreign } = await listRemoteBatches(backend, signal);
  for (const name of foreign) report.problems.push({ kind: 'object', objectName: name, message: `${name} is not a Strongroom batch name (a foreign object in ops/); it was ignored` });
  const self = localDeviceId(db);
  // A device whose batches were applied here but that the listing lacks entirely was rolled back too.
  const known = db.prepare('SELECT id FROM sync_devices WHERE applied_seq > 0 AND id <> ?').pluck().all(self) as string[];
  for (const device of known) if (!byDevice.has(device)) byDevice.set(device, new Set([0]));
  // This device's own sent batches must still be there: other devices need them in order.
  const resend = await resendMissingOwnBatches(db, backend, objectsKey, byDevice.get(self) ?? new Set(), progress, signal);
  report.resentBatches = resend.resent;
  report.problems.push(...resend.problems);
  const plans: { device: string; seqs: number[] }[] = [];
  for (const [device, seqSet] of [...byDevice].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (device === self) continue;
    const seqs = [...seqSet].filter((seq) => seq > 0).sort((a, b) => a - b);
    try {
      checkRemoteHighWater(db, device, seqs[seqs.length - 1] ?? 0);
    } catch (err) {
      if (!(err instanceof SyncBatchError)) throw err;
      report.problems.push({ kind: 'batch', problem: err.problem, device, seq: err.seq, objectName: null, message: err.message });
      continue;
    }
    const hw = highWater(db, device);
    let wanted = seqs.filter((s) => s > hw.seq);
    // A retired device's later batches are refused everywhere: said once per pass, and not fetched.
    if (hw.retiredAfterSeq !== null) {
      const refused = wanted.filter((s) => s > hw.retiredAfterSeq!);
      if (refused.length > 0) report.problems.push(retiredDeviceProblem(device, hw.retiredAfterSeq, refused));
      wanted = wanted.filter((s) => s <= hw.retiredAfterSeq!);
    }
    plans.push({ device, seqs: wanted });
  }
  progress.totals('down', plans.reduce((n, p) => n + p.seqs.length, 0));
  for (const { device, seqs } of plans) {
    let expected = highWater(db, device).seq + 1;
    for (const seq of seqs) {
      throwIfAborted(signal);
      const name = opsObjectName(device, seq);
      if (seq !== expected) {
        const gap = new BatchGapError(device, seq, expected);
        report.problems.push({ kind: 'batch', problem: 'gap', device, seq, objectName: name, message: gap.message });
        break;
      }
      try {
        const object = await backend.get(name, { signal });
        const sealed = await bodyToBuffer(object.body);
        progress.down(sealed.length, true);
        const plain = await openObject(objectsKey, name, sealed);
        const result = applyIncomingBatch(db, JSON.parse(plain.toString('utf8')) as unknown);
        if (result.status === 'applied') {
          report.appliedBatches += 1;
          report.appliedOps += result.ops;
        }
        expected += 1;
      } catch (err) {
        if (isStorageWide(err)) throw err;
        // Applied meanwhile by another pass on this vault (the app and the CLI at once): nothing to do.
        if (err instanceof BatchReplayedError) {
          expected += 1;
          continue;
        }
        report.problems.push(problemOf(err, name));
        break;
      }
    }
  }
  return report;
}
