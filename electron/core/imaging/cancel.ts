import { StrongroomError } from '../errors';

/**
 * sharp cannot stop a pipeline once it runs, so cancellation is checked between the pipeline's steps:
 * a cancelled export finishes at most the step in flight and then stops with CANCELLED.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StrongroomError('CANCELLED', 'the rendering was cancelled');
}
