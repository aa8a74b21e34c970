import type { IngestProgress } from '../ingest/progress';
import { formatBytes, formatDuration, type CliIO } from './io';

/** One redrawn line on a terminal; silent when stderr is not a terminal (logs and pipes stay clean). */
export function createProgressBar(io: CliIO): { update(p: IngestProgress): void; done(): void } {
  if (!io.stderr.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.filesDone < p.filesTotal) return;
      last = now;
      const width = 24;
      const ratio = p.filesTotal ? p.filesDone / p.filesTotal : 1;
      const filled = Math.round(ratio * width);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      const eta = p.etaSeconds === null ? '--:--' : formatDuration(p.etaSeconds);
      const line = `[${bar}] ${p.filesDone}/${p.filesTotal}  ${formatBytes(p.bytesPerSecond)}/s  ETA ${eta}  ${p.current ?? ''}`;
      const columns = io.stderr.columns ?? 100;
      io.stderr.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
      drawn = true;
    },
    done() {
      if (drawn) io.stderr.write('\n');
    },
  };
}
