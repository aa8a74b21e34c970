/**
 * Runs one large ingest in a process of its own and reports its memory as JSON on the last stdout line:
 *
 *   node --expose-gc --import tsx bench/memory-child.ts VAULT_DIR RECOVERY_KEY_FILE FILE_LIST [SAMPLE_MS]
 *
 * The vault is made by the parent and unlocked here with its recovery key (HKDF, no scrypt), so the
 * 128 MiB the passphrase KDF needs never counts toward this process's peak. FILE_LIST holds one path
 * per line. RSS is sampled every SAMPLE_MS (50 unless told) on a timer, and
 * also taken when ingest's progress first reaches 25, 50, 75 and 100 % of the files. The kernel's own
 * peak (resourceUsage().maxRSS) is reported too, since a 50 ms sampler can miss a short spike.
 */
import { promises as fsp, readFileSync, writeFileSync } from 'node:fs';
import { ingest } from '../electron/core/ingest/ingest';
import { Vault } from '../electron/core/vault/vault';

export interface MemorySample {
  ms: number;
  rss: number;
  heapUsed: number;
  external: number;
  filesDone: number;
}

export interface MemoryReport {
  files: number;
  imported: number;
  refused: number;
  elapsedMs: number;
  startRss: number;
  peakRss: number;
  peakAtFilesDone: number;
  endRss: number;
  endRssAfterGc: number;
  /** The kernel's peak RSS of the process before the ingest (start-up, unlock). */
  kernelPeakBeforeIngest: number;
  /** The kernel's peak RSS during the ingest (since the reset, if kernelPeakReset). */
  kernelPeakRss: number;
  kernelPeakReset: boolean;
  peakHeapUsed: number;
  peakExternal: number;
  atProgress: { percent: number; filesDone: number; rss: number; kernelPeak: number }[];
  /** RSS over the run, downsampled to at most 40 points. */
  timeline: { ms: number; rss: number; filesDone: number }[];
  samples: number;
}

/** The kernel's high-water mark of this process's RSS, in bytes. */
function kernelPeak(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Resets the kernel's high-water mark to the current RSS (Linux ≥ 4.0); false where that is not possible. */
function resetKernelPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const [vaultDir, recoveryKeyFile, listFile, sampleArg] = process.argv.slice(2);
  if (!vaultDir || !recoveryKeyFile || !listFile) throw new Error('usage: memory-child.ts VAULT_DIR RECOVERY_KEY_FILE FILE_LIST [SAMPLE_MS]');
  const sampleMs = Number(sampleArg ?? 50);
  const files = (await fsp.readFile(listFile, 'utf8')).split('\n').filter(Boolean);
  const recoveryKey = (await fsp.readFile(recoveryKeyFile, 'utf8')).trim();
  const vault = await Vault.open(vaultDir, { kind: 'recovery', recoveryKey }, null);
  try {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const startRss = process.memoryUsage().rss;
    const kernelPeakBeforeIngest = kernelPeak();
    const kernelPeakReset = resetKernelPeak();
    const started = performance.now();
    let filesDone = 0;
    const samples: MemorySample[] = [];
    const sample = () => {
      const m = process.memoryUsage();
      samples.push({ ms: performance.now() - started, rss: m.rss, heapUsed: m.heapUsed, external: m.external, filesDone });
    };
    const timer = setInterval(sample, sampleMs);
    const marks = [25, 50, 75, 100];
    const atProgress: MemoryReport['atProgress'] = [];
    const report = await ingest(
      vault,
      files.map((p) => ({ kind: 'file' as const, path: p })),
      {
        onProgress: (p) => {
          filesDone = p.filesDone;
          while (marks.length && p.filesDone * 100 >= marks[0]! * p.filesTotal) {
            const rss = process.memoryUsage().rss;
            atProgress.push({ percent: marks.shift()!, filesDone: p.filesDone, rss, kernelPeak: kernelPeak() });
          }
        },
      },
    );
    clearInterval(timer);
    sample();
    const elapsedMs = performance.now() - started;
    const endRss = process.memoryUsage().rss;
    gc?.();
    const endRssAfterGc = process.memoryUsage().rss;
    const peak = samples.reduce((a, b) => (b.rss > a.rss ? b : a), samples[0]!);
    const step = Math.max(1, Math.ceil(samples.length / 40));
    const out: MemoryReport = {
      files: files.length,
      imported: report.imported.length,
      refused: report.refused.length,
      elapsedMs,
      startRss,
      peakRss: peak.rss,
      peakAtFilesDone: peak.filesDone,
      endRss,
      endRssAfterGc,
      kernelPeakBeforeIngest,
      kernelPeakRss: kernelPeak(),
      kernelPeakReset,
      peakHeapUsed: Math.max(...samples.map((s) => s.heapUsed)),
      peakExternal: Math.max(...samples.map((s) => s.external)),
      atProgress,
      timeline: samples.filter((_, i) => i % step === 0).map((s) => ({ ms: s.ms, rss: s.rss, filesDone: s.filesDone })),
      samples: samples.length,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    vault.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`memory-child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
