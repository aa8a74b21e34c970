/**
 * A Chromium trace (Trace Event Format) reduced to what a person reads first: per thread, the busy time
 * in the window and the event names that took it, by self time (time not spent in a nested event).
 */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of an 'X' event, where Chromium records it. */
  tdur?: number;
  cat?: string;
  args?: { name?: string; data?: Record<string, unknown> };
}

interface Span {
  name: string;
  start: number;
  end: number;
  cpu: number;
}

/** Threads worth reading for frame time; others (IO, network service, pools) are listed by busy time only. */
const TOP_NAMES = 8;

function spansOf(events: readonly TraceEvent[]): Map<string, Span[]> {
  const threadNames = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, String(e.args?.name ?? ''));
  const byThread = new Map<string, Span[]>();
  const open = new Map<string, TraceEvent[]>();
  const push = (key: string, span: Span) => {
    const list = byThread.get(key) ?? [];
    list.push(span);
    byThread.set(key, list);
  };
  for (const e of events) {
    const key = `${threadNames.get(`${e.pid}:${e.tid}`) ?? 'thread'} (${e.pid}:${e.tid})`;
    if (e.ph === 'X' && e.dur !== undefined) push(key, { name: e.name, start: e.ts, end: e.ts + e.dur, cpu: e.tdur ?? 0 });
    else if (e.ph === 'B') open.set(key, [...(open.get(key) ?? []), e]);
    else if (e.ph === 'E') {
      const stack = open.get(key);
      const begin = stack?.pop();
      if (begin) push(key, { name: begin.name, start: begin.ts, end: e.ts, cpu: 0 });
    }
  }
  return byThread;
}

/** Self time per name: each span minus its direct children, spans nested by start/end on one thread. */
function selfTimes(spans: Span[]): { busy: number; cpu: number; byName: Map<string, { self: number; count: number; max: number }> } {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const byName = new Map<string, { self: number; count: number; max: number }>();
  const stack: { span: Span; child: number }[] = [];
  let busy = 0;
  let cpu = 0;
  const close = (entry: { span: Span; child: number }) => {
    const total = entry.span.end - entry.span.start;
    const row = byName.get(entry.span.name) ?? { self: 0, count: 0, max: 0 };
    row.self += Math.max(0, total - entry.child);
    row.count += 1;
    row.max = Math.max(row.max, total);
    byName.set(entry.span.name, row);
    const parent = stack.at(-1);
    if (parent) parent.child += total;
    else {
      busy += total;
      cpu += entry.span.cpu;
    }
  };
  for (const span of sorted) {
    while (stack.length > 0 && stack.at(-1)!.span.end <= span.start) close(stack.pop()!);
    stack.push({ span, child: 0 });
  }
  while (stack.length > 0) close(stack.pop()!);
  return { busy, cpu, byName };
}

export function summarizeTrace(events: readonly TraceEvent[], options: { threads?: number } = {}): string {
  const lines: string[] = [];
  const timed = events.filter((e) => e.ph === 'X' || e.ph === 'B');
  if (timed.length === 0) return '  (empty trace)';
  const start = Math.min(...timed.map((e) => e.ts));
  const end = Math.max(...timed.map((e) => e.ts + (e.dur ?? 0)));
  lines.push(`  trace window ${((end - start) / 1000).toFixed(0)} ms; wall time in top-level events per thread, and their CPU (thread) time; then self wall time by event, ms: total / count / max span`);
  const threads = [...spansOf(events)].map(([key, spans]) => ({ key, ...selfTimes(spans) })).sort((a, b) => b.busy - a.busy);
  for (const t of threads.slice(0, options.threads ?? 6)) {
    lines.push(`  ${t.key}: busy ${(t.busy / 1000).toFixed(1)} ms, CPU ${(t.cpu / 1000).toFixed(1)} ms`);
    const rows = [...t.byName].sort((a, b) => b[1].self - a[1].self).slice(0, TOP_NAMES);
    for (const [name, r] of rows) lines.push(`      ${name.padEnd(44)} ${(r.self / 1000).toFixed(1).padStart(8)} / ${String(r.count).padStart(5)} / ${(r.max / 1000).toFixed(1)}`);
  }
  return lines.join('\n');
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

/** A V8 CPU profile (Profiler.stop) as self time per function, most first. */
export function summarizeProfile(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, top = 20): string {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? 0));
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}:${columnNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (selfUs.get(node.id) ?? 0));
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => `  ${(us / 1000).toFixed(1).padStart(8)} ms  ${key}`)
    .join('\n');
}
