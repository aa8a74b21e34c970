import type { TransferPlan } from './transfer-plan';

/** Counts and sealed bytes per direction, for the status line ("12 up, 3 down, 41 MB left"). */
export interface DirectionProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface TransferProgress {
  up: DirectionProgress;
  down: DirectionProgress;
  /** Objects that failed in this run (named in the report). */
  failed: number;
}

export type ProgressListener = (progress: TransferProgress) => void;

function direction(items: { bytes: number }[]): DirectionProgress {
  return { done: 0, total: items.length, bytesDone: 0, bytesTotal: items.reduce((n, i) => n + i.bytes, 0) };
}

/**
 * Keeps the running totals. Bytes are counted as they stream; a try that is restarted (a retry) first
 * takes back what it had counted, so the figures never run past the total.
 */
export class ProgressTracker {
  private readonly state: TransferProgress;

  constructor(
    plan: TransferPlan,
    private readonly listener: ProgressListener | undefined,
  ) {
    this.state = { up: direction(plan.uploads), down: direction(plan.downloads), failed: 0 };
  }

  snapshot(): TransferProgress {
    return { up: { ...this.state.up }, down: { ...this.state.down }, failed: this.state.failed };
  }

  private emit(): void {
    this.listener?.(this.snapshot());
  }

  bytes(dir: 'up' | 'down', n: number): void {
    this.state[dir].bytesDone += n;
    this.emit();
  }

  finished(dir: 'up' | 'down'): void {
    this.state[dir].done += 1;
    this.emit();
  }

  failed(dir: 'up' | 'down', countedBytes: number, plannedBytes: number): void {
    // A failed object leaves the totals, so "bytes left" stays true for what can still happen.
    this.state[dir].bytesDone -= countedBytes;
    this.state[dir].bytesTotal -= plannedBytes;
    this.state[dir].total -= 1;
    this.state.failed += 1;
    this.emit();
  }
}
