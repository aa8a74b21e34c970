import type { Database } from 'better-sqlite3-multiple-ciphers';
import { captureOp } from './capture';
import { localDeviceId } from './device';

export interface DeviceInfo {
  id: string;
  name: string | null;
  lastSeen: number | null;
  appliedSeq: number;
  /** Null while active; else the last batch of it that every device applies. */
  retiredAfterSeq: number | null;
  self: boolean;
}

export function listDevices(db: Database): DeviceInfo[] {
  const self = localDeviceId(db);
  const rows = db.prepare('SELECT id, name, last_seen, applied_seq, retired_after_seq FROM sync_devices ORDER BY id').all() as {
    id: string;
    name: string | null;
    last_seen: number | null;
    applied_seq: number;
    retired_after_seq: number | null;
  }[];
  const list = rows.map((r) => ({ id: r.id, name: r.name, lastSeen: r.last_seen, appliedSeq: r.applied_seq, retiredAfterSeq: r.retired_after_seq, self: r.id === self }));
  if (!list.some((d) => d.self)) list.push({ id: self, name: null, lastSeen: null, appliedSeq: 0, retiredAfterSeq: null, self: true });
  return list.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Names a device (this one, usually) for everyone's device list. */
export function setDeviceName(db: Database, deviceId: string, name: string, now = Date.now()): void {
  db.transaction(() => {
    captureOp(db, { kind: 'device.set', at: now, deviceId, name });
    db.prepare('INSERT INTO sync_devices (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name').run(deviceId, name);
  })();
}

/**
 * Retires a device: its batches up to the last one applied here are kept (everyone applies those),
 * later ones are refused on every device that has seen this op.
 */
export function retireDevice(db: Database, deviceId: string, now = Date.now()): number {
  if (deviceId === localDeviceId(db)) throw new Error('a device cannot retire itself');
  return db.transaction(() => {
    const applied = (db.prepare('SELECT applied_seq FROM sync_devices WHERE id = ?').pluck().get(deviceId) as number | undefined) ?? 0;
    captureOp(db, { kind: 'device.retire', at: now, deviceId, afterSeq: applied });
    const current = db.prepare('SELECT retired_after_seq FROM sync_devices WHERE id = ?').pluck().get(deviceId) as number | null | undefined;
    const after = Math.max(applied, current ?? 0);
    db.prepare('INSERT INTO sync_devices (id, retired_after_seq) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET retired_after_seq = excluded.retired_after_seq').run(deviceId, after);
    return after;
  })();
}
