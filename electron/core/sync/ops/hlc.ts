/**
 * Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds, a counter for events within the same
 * millisecond (or while the wall clock lags behind what has been seen), and the device id as the final
 * tie-break. Encoded as a fixed-width string so that string order is clock order, in JavaScript and in
 * SQLite alike: `wwwwwwwwwwww-cccccc-<device>` (12 hex digits of ms, 6 of counter).
 */
export interface Hlc {
  wall: number;
  counter: number;
  device: string;
}

const WALL_DIGITS = 12;
const COUNTER_DIGITS = 6;
const MAX_COUNTER = 16 ** COUNTER_DIGITS - 1;
export const HLC_PATTERN = /^[0-9a-f]{12}-[0-9a-f]{6}-[0-9a-hjkmnp-tv-z]{12}$/;

export function formatHlc(h: Hlc): string {
  return `${h.wall.toString(16).padStart(WALL_DIGITS, '0')}-${h.counter.toString(16).padStart(COUNTER_DIGITS, '0')}-${h.device}`;
}

export function parseHlc(text: string): Hlc {
  if (!HLC_PATTERN.test(text)) throw new Error(`not a clock value: ${JSON.stringify(text)}`);
  const [wall, counter, device] = text.split('-') as [string, string, string];
  return { wall: parseInt(wall, 16), counter: parseInt(counter, 16), device };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The device that issued a clock value (the op ids are clock values, so this names an op's author). */
export function hlcDevice(text: string): string {
  return text.slice(WALL_DIGITS + COUNTER_DIGITS + 2);
}

/**
 * The next local event. A wall clock that jumped backwards never makes time go back: the last value
 * seen keeps the lead and the counter advances instead, until the wall clock catches up.
 */
export function tick(last: Hlc, physicalMs: number): Hlc {
  const wall = Math.max(last.wall, Math.floor(physicalMs));
  const counter = wall === last.wall ? last.counter + 1 : 0;
  return bump({ wall, counter, device: last.device });
}

/** After receiving a remote event: later than both it and everything local (the device stays ours). */
export function receive(last: Hlc, remote: Hlc, physicalMs: number): Hlc {
  const wall = Math.max(last.wall, remote.wall, Math.floor(physicalMs));
  let counter = 0;
  if (wall === last.wall && wall === remote.wall) counter = Math.max(last.counter, remote.counter) + 1;
  else if (wall === last.wall) counter = last.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  return bump({ wall, counter, device: last.device });
}

/** A counter that would overflow its digits moves the clock one millisecond on instead. */
function bump(h: Hlc): Hlc {
  return h.counter > MAX_COUNTER ? { wall: h.wall + 1, counter: 0, device: h.device } : h;
}
