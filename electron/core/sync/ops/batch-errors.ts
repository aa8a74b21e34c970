/**
 * Why an incoming batch was refused. Every one names the device and the sequence number, and nothing
 * of a refused batch is applied: the batch (and every later one of that device) waits or is reported.
 */
export type BatchProblem =
  | 'gap' // a batch is missing before this one
  | 'replayed' // this batch was applied already (an old batch offered again)
  | 'replaced' // same number as a batch applied before, different content
  | 'chain' // does not follow the batch applied before it (an earlier batch was replaced, or history forked)
  | 'rolled-back' // the remote offers fewer batches of a device than were applied here
  | 'retired' // the device was retired; batches after its retirement point are refused
  | 'unknown-op' // an op kind from a newer Strongroom
  | 'invalid'; // not a well-formed batch, or ops not of its device

export class SyncBatchError extends Error {
  constructor(
    readonly problem: BatchProblem,
    readonly device: string,
    readonly seq: number,
    message: string,
  ) {
    super(message);
    this.name = 'SyncBatchError';
  }
}

export class BatchGapError extends SyncBatchError {
  constructor(device: string, seq: number, readonly expected: number) {
    super('gap', device, seq, `batch ${seq} of device ${device} arrived but ${expected} is next: batches ${expected}–${seq - 1} are missing`);
  }
}

export class BatchReplayedError extends SyncBatchError {
  constructor(device: string, seq: number) {
    super('replayed', device, seq, `batch ${seq} of device ${device} was applied already; the copy offered again is ignored`);
  }
}

export class BatchReplacedError extends SyncBatchError {
  constructor(device: string, seq: number) {
    super('replaced', device, seq, `batch ${seq} of device ${device} differs from the batch ${seq} applied before: it was replaced, and is refused`);
  }
}

export class BatchChainError extends SyncBatchError {
  constructor(device: string, seq: number) {
    super('chain', device, seq, `batch ${seq} of device ${device} does not follow batch ${seq - 1} as applied here (an earlier batch was replaced): refused`);
  }
}

export class BatchRolledBackError extends SyncBatchError {
  constructor(device: string, seq: number, readonly applied: number) {
    super('rolled-back', device, seq, `the remote holds batches of device ${device} only up to ${seq}, but ${applied} were applied here: it was rolled back`);
  }
}

export class RetiredDeviceError extends SyncBatchError {
  constructor(device: string, seq: number, readonly afterSeq: number) {
    super('retired', device, seq, `device ${device} was retired after its batch ${afterSeq}; its batch ${seq} is refused`);
  }
}

export class UnknownOpKindError extends SyncBatchError {
  constructor(device: string, seq: number, readonly kind: string) {
    super('unknown-op', device, seq, `batch ${seq} of device ${device} holds an op "${kind}" from a newer Strongroom; update Strongroom to apply it`);
  }
}

export class InvalidBatchError extends SyncBatchError {
  constructor(device: string, seq: number, detail: string) {
    super('invalid', device, seq, `batch ${seq} of device ${device} is not valid: ${detail}`);
  }
}
