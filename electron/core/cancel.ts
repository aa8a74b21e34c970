import { StrongroomError } from './errors';

/**
 * The one way a long job stops when asked: CANCELLED, checked between steps. sharp cannot stop a
 * pipeline once it runs and a file being written is finished or removed, so a cancelled job ends at
 * most the step in flight.
 */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'the rendering'): void {
  if (signal?.aborted) throw new StrongroomError('CANCELLED', `${what} was cancelled`);
}
