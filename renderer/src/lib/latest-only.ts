/**
 * Runs an async task with at most one out at a time, where only the newest input is worth doing: a
 * push while one is out replaces whatever was waiting, and the waiting one starts when the one out
 * finishes. Dragging a slider sends one request per answer, not one per pixel, and the last position
 * is always rendered. (The search box does the same for its queries, in library-store.ts.)
 */
export interface LatestOnly<T> {
  /** Starts `input` now if nothing is out; otherwise it waits, replacing any input that was waiting. */
  push(input: T): void;
  /** Forgets the waiting input. A task already out runs to its end: the caller ignores its result. */
  cancel(): void;
  /** A task is out. */
  readonly busy: boolean;
  /** An input waits for the task out. */
  readonly waiting: boolean;
}

/** `run` reports its own results and errors; a rejection is swallowed here so the next input still runs. */
export function latestOnly<T>(run: (input: T) => Promise<void>): LatestOnly<T> {
  let busy = false;
  let next: { readonly input: T } | null = null;

  async function start(input: T): Promise<void> {
    busy = true;
    try {
      await run(input);
    } catch {
      // run() is expected to handle its failures; one that escapes must not stall the queue.
    } finally {
      busy = false;
      const queued = next;
      next = null;
      if (queued) void start(queued.input);
    }
  }

  return {
    push(input) {
      if (busy) next = { input };
      else void start(input);
    },
    cancel() {
      next = null;
    },
    get busy() {
      return busy;
    },
    get waiting() {
      return next !== null;
    },
  };
}
