import { isAppUrl } from './app-origin';

/** The parts of Electron's WebFrameMain the check reads; tests pass plain objects. */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
  readonly parent: unknown;
}

export type FrameId = Pick<FrameLike, 'processId' | 'routingId'>;

/**
 * Whether an IPC message may reach the engine: it must come from a frame that still exists, that is
 * the main frame (not an iframe) of one of our windows, and that shows a page of our own origin.
 * Frames are compared by (processId, routingId) rather than object identity, which Electron does not
 * promise across calls. Reading a frame that was disposed meanwhile throws; that is a refusal too.
 */
export function isTrustedFrame(frame: FrameLike | null | undefined, ourMainFrames: readonly FrameId[]): boolean {
  if (!frame) return false;
  try {
    if (frame.parent !== null) return false;
    const ours = ourMainFrames.some((main) => main.processId === frame.processId && main.routingId === frame.routingId);
    return ours && isAppUrl(frame.url);
  } catch {
    return false;
  }
}
