import { spawn } from 'node:child_process';

/** One wrk run's figures (wrk 4.x, `--latency`). */
export interface WrkResult {
  requestsPerSecond: number;
  requests: number;
  /** Milliseconds. */
  latency: { p50: number; p90: number; p99: number };
  /** Responses that were neither 2xx nor 3xx (a share answering 404 would show here). */
  errors: number;
  socketErrors: string | null;
}

export interface WrkLoad {
  connections: number;
  threads: number;
  seconds: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

function durationMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!m) throw new Error(`wrk: cannot read the duration "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export function parseWrk(output: string): WrkResult {
  const percentile = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(output);
    if (!m) throw new Error(`wrk: no ${p}% latency in:\n${output}`);
    return durationMs(m[1]!);
  };
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const total = /(\d+) requests in/.exec(output);
  if (!rps || !total) throw new Error(`wrk: no request rate in:\n${output}`);
  return {
    requestsPerSecond: Number(rps[1]),
    requests: Number(total[1]),
    latency: { p50: percentile('50'), p90: percentile('90'), p99: percentile('99') },
    errors: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: /Socket errors:.*$/m.exec(output)?.[0] ?? null,
  };
}

/** Runs wrk as a child process (asynchronously: the server under test may live in this very process). */
export function runWrk(url: string, load: WrkLoad, wrk = '/usr/bin/wrk'): Promise<WrkResult> {
  const args = ['--latency', `-t${load.threads}`, `-c${load.connections}`, `-d${load.seconds}s`, url];
  return new Promise((resolve, reject) => {
    const child = spawn(wrk, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`wrk exited with ${code}:\n${out}`));
      else {
        try {
          resolve(parseWrk(out));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
    });
  });
}
