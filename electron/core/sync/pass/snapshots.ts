import type { Database } from 'better-sqlite3-multiple-ciphers';
import { bodyToBuffer, type SyncBackend } from '../backends/backend';
import { isRemoteFault } from '../backends/remote-error';
import { openObject, sealObject } from '../envelope/envelope';
import { localDeviceId } from '../ops/device';
import { bootstrapFromSnapshot, createSnapshot } from '../ops/snapshot';
import { parseSnapshotObjectName, SNAPSHOTS_PREFIX, snapshotObjectName } from '../remote-names';
import { isStorageWide, problemOf, type SyncProblem } from './problems';

/**
 * Snapshots on the remote (`snapshots/<device>/<ms>`), so a new device starts from one object plus the
 * batches after it instead of every batch ever sent. A device writes one when it has none on the remote,
 * and again once a day has passed AND at least SNAPSHOT_EVERY_OPS ops were merged since its last one: a
 * snapshot is the whole op log, so "occasionally" keeps the remote's growth modest.
 * Whether one is due is worked out from the remote's listing and a local note (`sync_snapshot` in
 * settings), so a pass interrupted after the put does not write a second one on re-run.
 */
export const SNAPSHOT_EVERY_OPS = 2000;
export const SNAPSHOT_MIN_AGE_MS = 24 * 60 * 60 * 1000;
const NOTE_KEY = 'sync_snapshot';

interface SnapshotNote {
  at: number;
  ops: number;
}

function readNote(db: Database): SnapshotNote | null {
  const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(NOTE_KEY) as string | undefined;
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<SnapshotNote>;
    return typeof v.at === 'number' && typeof v.ops === 'number' ? { at: v.at, ops: v.ops } : null;
  } catch {
    return null;
  }
}

function writeNote(db: Database, note: SnapshotNote): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(NOTE_KEY, JSON.stringify(note));
}

export interface RemoteSnapshot {
  name: string;
  deviceId: string;
  createdAt: number;
  size: number;
}

export async function listSnapshots(backend: SyncBackend, signal?: AbortSignal): Promise<{ snapshots: RemoteSnapshot[]; foreign: string[] }> {
  const snapshots: RemoteSnapshot[] = [];
  const foreign: string[] = [];
  for await (const item of backend.list(SNAPSHOTS_PREFIX, { signal })) {
    const parsed = parseSnapshotObjectName(item.name);
    if (parsed) snapshots.push({ name: item.name, ...parsed, size: item.size });
    else foreign.push(item.name);
  }
  // Newest first; the name breaks ties so every device orders them alike.
  snapshots.sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? 1 : -1));
  return { snapshots, foreign };
}

/** Uploads a snapshot when one is due: its name (or null), and names under snapshots/ that are not ours. */
export async function maybeUploadSnapshot(
  db: Database,
  backend: SyncBackend,
  objectsKey: Buffer,
  options: { force?: boolean; now?: number; signal?: AbortSignal; onBytes?: (n: number) => void } = {},
): Promise<{ written: string | null; foreign: string[] }> {
  const now = options.now ?? Date.now();
  const self = localDeviceId(db);
  const opCount = db.prepare('SELECT count(*) FROM sync_ops').pluck().get() as number;
  const { snapshots, foreign } = await listSnapshots(backend, options.signal);
  const own = snapshots.find((s) => s.deviceId === self);
  let note = readNote(db);
  if (own && (!note || own.createdAt > note.at)) {
    // Written by a pass that stopped before noting it.
    note = { at: own.createdAt, ops: note?.ops ?? opCount };
    writeNote(db, note);
  }
  const due = options.force || !own || (now - own.createdAt >= SNAPSHOT_MIN_AGE_MS && opCount - (note?.ops ?? 0) >= SNAPSHOT_EVERY_OPS);
  if (!due) return { written: null, foreign };
  const at = Math.max(now, (own?.createdAt ?? 0) + 1);
  const name = snapshotObjectName(self, at);
  const snapshot = createSnapshot(db);
  const sealed = await sealObject(objectsKey, name, Buffer.from(JSON.stringify(snapshot), 'utf8'));
  try {
    await backend.put(name, sealed, { signal: options.signal });
  } catch (err) {
    if (!isRemoteFault(err, 'exists')) throw err;
  }
  options.onBytes?.(sealed.length);
  writeNote(db, { at, ops: opCount });
  return { written: name, foreign };
}

/**
 * Starts a fresh catalog from the newest snapshot that opens and proves its state; a damaged or forged
 * one is reported and the next older one tried. Null when the remote holds none.
 */
export async function bootstrapFromRemote(db: Database, backend: SyncBackend, objectsKey: Buffer, signal?: AbortSignal): Promise<{ used: string | null; problems: SyncProblem[]; bytes: number }> {
  const { snapshots } = await listSnapshots(backend, signal);
  const problems: SyncProblem[] = [];
  let bytes = 0;
  for (const s of snapshots) {
    try {
      const sealed = await bodyToBuffer((await backend.get(s.name, { signal })).body);
      bytes += sealed.length;
      const plain = await openObject(objectsKey, s.name, sealed);
      bootstrapFromSnapshot(db, JSON.parse(plain.toString('utf8')) as unknown);
      return { used: s.name, problems, bytes };
    } catch (err) {
      if (isStorageWide(err)) throw err;
      const p = problemOf(err, s.name);
      problems.push({ kind: 'snapshot', objectName: s.name, message: p.message });
    }
  }
  return { used: null, problems, bytes };
}
