export interface IngestProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  filesPerSecond: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
  current: string | null;
}

/** Rate and ETA from bytes, since one 40 MB TIFF takes longer than ten 200 KB JPEGs. */
export class ProgressTracker {
  private readonly started: number;
  private filesDone = 0;
  private bytesDone = 0;
  private current: string | null = null;

  constructor(
    private readonly filesTotal: number,
    private readonly bytesTotal: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  start(name: string): void {
    this.current = name;
  }

  finish(bytes: number): void {
    this.filesDone += 1;
    this.bytesDone += bytes;
  }

  snapshot(): IngestProgress {
    const seconds = Math.max((this.now() - this.started) / 1000, 1e-3);
    const bytesPerSecond = this.bytesDone / seconds;
    const remaining = this.bytesTotal - this.bytesDone;
    return {
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      filesPerSecond: this.filesDone / seconds,
      bytesPerSecond,
      etaSeconds: this.bytesDone > 0 ? remaining / bytesPerSecond : null,
      current: this.filesDone === this.filesTotal ? null : this.current,
    };
  }
}
