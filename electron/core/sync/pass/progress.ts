import type { BaselineProgress } from '../ops/baseline';
import type { TransferProgress } from '../transfer/transfer-progress';

/** Where a pass is, for a progress bar or the app's status line. */
export type SyncPhase = 'baseline' | 'header' | 'send' | 'receive' | 'blobs' | 'snapshot' | 'done';

export interface SyncPassProgress {
  phase: SyncPhase;
  /** The op log's start (the first pass of a vault that never synced): assets described so far. */
  baseline: BaselineProgress | null;
  batchesUp: { done: number; total: number };
  batchesDown: { done: number; total: number };
  /** Blob transfer figures (counts and sealed bytes), once that phase has planned its work. */
  blobs: TransferProgress | null;
  /** Every sealed byte sent or fetched in this pass (batches, blobs, snapshot, header). */
  bytesUp: number;
  bytesDown: number;
}

export type SyncProgressListener = (progress: SyncPassProgress) => void;

/** Keeps the running figures and tells the listener after each change. */
export class PassProgress {
  readonly state: SyncPassProgress = { phase: 'header', baseline: null, batchesUp: { done: 0, total: 0 }, batchesDown: { done: 0, total: 0 }, blobs: null, bytesUp: 0, bytesDown: 0 };
  private blobBytes = { up: 0, down: 0 };

  constructor(private readonly listener: SyncProgressListener | undefined) {}

  private emit(): void {
    this.listener?.({ ...this.state, batchesUp: { ...this.state.batchesUp }, batchesDown: { ...this.state.batchesDown } });
  }

  baselineAt(p: BaselineProgress): void {
    this.state.phase = 'baseline';
    this.state.baseline = p;
    this.emit();
  }

  phase(phase: SyncPhase): void {
    this.state.phase = phase;
    this.emit();
  }

  up(bytes: number, batch = false): void {
    this.state.bytesUp += bytes;
    if (batch) this.state.batchesUp.done += 1;
    this.emit();
  }

  down(bytes: number, batch = false): void {
    this.state.bytesDown += bytes;
    if (batch) this.state.batchesDown.done += 1;
    this.emit();
  }

  totals(dir: 'up' | 'down', n: number): void {
    if (dir === 'up') this.state.batchesUp.total = n;
    else this.state.batchesDown.total += n;
    this.emit();
  }

  blobs(p: TransferProgress): void {
    // Blob bytes are cumulative in the transfer's figures; fold in only the change.
    this.state.bytesUp += p.up.bytesDone - this.blobBytes.up;
    this.state.bytesDown += p.down.bytesDone - this.blobBytes.down;
    this.blobBytes = { up: p.up.bytesDone, down: p.down.bytesDone };
    this.state.blobs = p;
    this.emit();
  }
}
