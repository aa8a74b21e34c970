import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';
import { formatHlc, parseHlc, receive, tick, type Hlc } from './hlc';

/**
 * This device's identity and clock, both kept in the catalog: the id is drawn once (migration 0008, or
 * when a device bootstraps from a snapshot) and the clock's last value is written in the same
 * transaction as the op that used it, so the clock survives restarts and never repeats a value.
 */
type Clock = () => number;
const clocks = new WeakMap<Database, Clock>();

/** Tests simulate skewed or backwards-jumping wall clocks per catalog. */
export function setWallClock(db: Database, clock: Clock | null): void {
  if (clock) clocks.set(db, clock);
  else clocks.delete(db);
}

function wallNow(db: Database): number {
  return (clocks.get(db) ?? Date.now)();
}

interface DeviceRow {
  device_id: string;
  hlc_wall: number;
  hlc_counter: number;
}

function readClock(db: Database): Hlc {
  const row = preparedStatement(db, 'SELECT device_id, hlc_wall, hlc_counter FROM sync_device WHERE singleton = 1').get() as DeviceRow | undefined;
  if (!row) throw new Error('the catalog has no sync device identity (migration 0008 did not run)');
  return { wall: row.hlc_wall, counter: row.hlc_counter, device: row.device_id };
}

function writeClock(db: Database, h: Hlc): void {
  preparedStatement(db, 'UPDATE sync_device SET hlc_wall = ?, hlc_counter = ? WHERE singleton = 1').run(h.wall, h.counter);
}

export function localDeviceId(db: Database): string {
  return readClock(db).device;
}

/** A fresh clock value for a local op. Call inside the transaction that records the op. */
export function nextHlc(db: Database): string {
  const next = tick(readClock(db), wallNow(db));
  writeClock(db, next);
  return formatHlc(next);
}

/** Moves the clock past a received op's value, so that local edits made after it order after it. */
export function observeHlc(db: Database, remote: string): void {
  const last = readClock(db);
  const r = parseHlc(remote);
  if (r.wall < last.wall || (r.wall === last.wall && r.counter < last.counter)) return;
  writeClock(db, receive(last, r, wallNow(db)));
}

/** A new identity (a device bootstrapping from a snapshot must not share its id with anyone). */
export function resetDeviceIdentity(db: Database, deviceId: string): void {
  db.prepare('UPDATE sync_device SET device_id = ?, hlc_wall = 0, hlc_counter = 0 WHERE singleton = 1').run(deviceId);
}
