import { useCallback, useEffect, useRef, useState } from 'react';
import { createLoadSlots, type SlotTicket } from '../lib/load-slots';

/**
 * Thumbnails loading at once, across the whole window. The browser shell speaks HTTP/1.1, where
 * Chromium opens at most six connections to it and the event stream holds one: a screen of 60
 * thumbnails starting together filled the rest, so the next keystroke's search waited for a free
 * connection (16–80 ms in traces), and every image of a result already replaced by the next keystroke
 * was still fetched, decoded and painted. Four at a time left a connection for API calls (which now
 * go over the call socket, outside that pool; the spare connection serves uploads and the HTTP
 * fallback) and fill a screen as fast as before (three made a jump through the grid slower: a slot is
 * freed only when the page runs the image's load event); the cells in view go before the overscan rows.
 */
export const THUMBNAIL_LOADS = 4;

const slots = createLoadSlots(THUMBNAIL_LOADS);

/**
 * How long the search box must be left alone before thumbnails load again. Each keystroke's answer
 * replaces the last, and its thumbnails, fetched, decrypted by the shell on the same event loop as the
 * next search and decoded on the page's main thread, delayed that search's answer (keystroke to
 * results 77 ms against 23-34 ms for the same calls from an idle page). Typing runs at 100-300 ms a
 * key, so thumbnails wait for a pause that long; then the ones in view go first as usual.
 */
export const TYPING_QUIET_MS = 250;

/**
 * How long a fling must have slowed down before thumbnails load again. At 5,000 px/s a row crosses
 * the screen in a fifth of a second: its images would be fetched, decoded and drawn for nobody, and
 * loading them cost frames (a third to a half of them missed a vsync). The cells show their titles
 * meanwhile; when the scroll slows, the ones in view load first.
 */
export const FLING_QUIET_MS = 120;

const quietTimers = new Map<string, ReturnType<typeof setTimeout>>();

/** No new thumbnail loads for `reason` until it has not been reported for `quietMs` (loads under way go on). */
function holdUntilQuiet(reason: string, quietMs: number): void {
  slots.setHeld(reason, true);
  clearTimeout(quietTimers.get(reason));
  quietTimers.set(reason, setTimeout(() => slots.setHeld(reason, false), quietMs));
}

/** The search text changed: thumbnails wait until typing pauses. */
export function holdThumbnailsWhileTyping(): void {
  holdUntilQuiet('typing', TYPING_QUIET_MS);
}

/** The grid is being flung (lib/fling.ts): thumbnails wait until it slows down. */
export function holdThumbnailsWhileFlinging(): void {
  holdUntilQuiet('fling', FLING_QUIET_MS);
}

export interface ThumbnailSlot {
  /** The thumbnail may load now (its src can be set). */
  readonly granted: boolean;
  /**
   * The thumbnail of `key` loaded or failed: the slot goes to the next thumbnail. A late event for a
   * key the cell no longer shows releases nothing.
   */
  done(key: string): void;
}

/**
 * A slot for loading the thumbnail `key` (the version id): granted when it is this cell's turn,
 * released when the load ends, the key changes or the cell unmounts (then it never loads at all if it
 * was still waiting). `urgency` 0 = in view, 1 = overscan.
 */
export function useThumbnailSlot(key: string, urgency: number): ThumbnailSlot {
  const [grantedKey, setGrantedKey] = useState<string | null>(null);
  // A grant belongs to one ticket. Left in place when the cell shows another key, it would count for
  // the same key coming back (B then A again as a query is typed and erased): the image loaded outside
  // the slots, and when the new ticket's turn came the grant changed nothing, no load event fired, and
  // the slot was never released (four such and no thumbnail loaded again).
  if (grantedKey !== null && grantedKey !== key) setGrantedKey(null);
  const ticket = useRef<{ key: string; ticket: SlotTicket } | null>(null);
  const urgencyNow = useRef(urgency);
  urgencyNow.current = urgency;

  useEffect(() => {
    const current = slots.request(() => setGrantedKey(key), urgencyNow.current);
    ticket.current = { key, ticket: current };
    return () => {
      current.release();
      ticket.current = null;
    };
  }, [key]);

  useEffect(() => {
    ticket.current?.ticket.setUrgency(urgency);
  }, [urgency]);

  const done = useCallback((doneKey: string) => {
    if (ticket.current?.key === doneKey) ticket.current.ticket.release();
  }, []);
  return { granted: grantedKey === key, done };
}
