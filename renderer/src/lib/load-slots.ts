/**
 * A fixed number of slots for loads that would otherwise all start at once (a screen of thumbnails).
 * A request waits until a slot is free; waiting requests are served most urgent first (lower
 * `urgency`), then in the order they asked. Releasing a request that is still waiting withdraws it, so
 * a cell that scrolls away or is replaced by a new search result before its turn costs nothing.
 * While held for any reason (typing, a fling), no slot is granted (loads under way go on); requests
 * wait and the most urgent are served when the last hold ends. Holds are named so that one ending
 * does not end another. Pure bookkeeping: the caller starts the load when `grant` is called and releases
 * the slot when the load ends or is no longer wanted.
 */
export interface LoadSlots {
  /** Asks for a slot; `grant` is called (at once or later) when it is this request's turn. */
  request(grant: () => void, urgency: number): SlotTicket;
  /** Holds back new grants for `reason` (true) or ends that hold (false); grants resume when no hold is left. */
  setHeld(reason: string, held: boolean): void;
  readonly inUse: number;
  readonly waiting: number;
}

export interface SlotTicket {
  /** The load ended, failed or is not wanted any more; safe to call more than once. */
  release(): void;
  /** More or less urgent now (e.g. scrolled into view); only matters while waiting. */
  setUrgency(urgency: number): void;
}

interface Waiter {
  readonly grant: () => void;
  urgency: number;
  readonly order: number;
}

export function createLoadSlots(limit: number): LoadSlots {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`load slots need a positive whole limit, got ${limit}`);
  let inUse = 0;
  let order = 0;
  const holds = new Set<string>();
  const waiting = new Set<Waiter>();

  function next(): Waiter | undefined {
    let best: Waiter | undefined;
    for (const w of waiting) if (!best || w.urgency < best.urgency || (w.urgency === best.urgency && w.order < best.order)) best = w;
    return best;
  }

  function fill(): void {
    while (holds.size === 0 && inUse < limit) {
      const w = next();
      if (!w) return;
      waiting.delete(w);
      inUse++;
      w.grant();
    }
  }

  return {
    request(grant, urgency) {
      let state: 'waiting' | 'granted' | 'released' = 'waiting';
      const wrapped: Waiter = {
        grant: () => {
          state = 'granted';
          grant();
        },
        urgency,
        order: order++,
      };
      waiting.add(wrapped);
      fill();
      return {
        release() {
          if (state === 'released') return;
          if (state === 'waiting') waiting.delete(wrapped);
          else inUse--;
          state = 'released';
          fill();
        },
        setUrgency(value) {
          wrapped.urgency = value;
        },
      };
    },
    setHeld(reason, held) {
      if (held) holds.add(reason);
      else holds.delete(reason);
      fill();
    },
    get inUse() {
      return inUse;
    },
    get waiting() {
      return waiting.size;
    },
  };
}
