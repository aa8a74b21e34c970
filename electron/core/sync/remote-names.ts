import { createHmac } from 'node:crypto';
import { isBlobId } from '../blobs/blob-store';
import { StrongroomError } from '../errors';

/**
 * The remote's layout. Names reveal nothing: a blob's name is a keyed hash of its vault id (which is
 * itself a keyed hash of the plaintext's SHA-256, never the bare hash, so the storage cannot confirm a
 * known image), and op batches are named by a random device id and a counter.
 *
 *   blobs/<h[0..2)>/<h>        h = hex(HMAC-SHA256(sync names key, "strongroom/v1/sync-blob\n" || blob id bytes))
 *   ops/<deviceId>/<seq>       seq zero-padded to 16 digits, so names sort in sequence order
 *   snapshots/<deviceId>/<ms>  a sealed snapshot; ms = its creation time, 16 digits (newest sorts last)
 *   vault/headers/<sha256>     the vault header (vault.json) as it is on disk, NOT sealed: a joining
 *                              device must read it before it has any key (docs/vault-format.md §9)
 *
 * The blob name is not the vault id itself so that the remote and a copy of the local vault folder cannot
 * be matched file by file, and so that the name can be re-keyed with the sync key alone.
 */
export const BLOBS_PREFIX = 'blobs/';
export const OPS_PREFIX = 'ops/';
const BLOB_NAME_LABEL = Buffer.from('strongroom/v1/sync-blob\n', 'utf8');
const BLOB_NAME_RE = /^blobs\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
const DEVICE_ID_RE = /^[a-z0-9]{8,64}$/;
const SEQ_DIGITS = 16;
const OPS_NAME_RE = /^ops\/([a-z0-9]{8,64})\/(\d{16})$/;

export function blobRemoteName(namesKey: Buffer, blobId: string): string {
  if (!isBlobId(blobId)) throw new StrongroomError('INVALID_ARGUMENT', `not a blob id: ${JSON.stringify(blobId.slice(0, 80))}`);
  const h = createHmac('sha256', namesKey).update(BLOB_NAME_LABEL).update(Buffer.from(blobId, 'hex')).digest('hex');
  return `${BLOBS_PREFIX}${h.slice(0, 2)}/${h}`;
}

export function isBlobRemoteName(name: string): boolean {
  const m = BLOB_NAME_RE.exec(name);
  return m !== null && m[2]!.startsWith(m[1]!);
}

export function opsDevicePrefix(deviceId: string): string {
  if (!DEVICE_ID_RE.test(deviceId)) throw new StrongroomError('INVALID_ARGUMENT', `not a device id: ${JSON.stringify(deviceId.slice(0, 80))}`);
  return `${OPS_PREFIX}${deviceId}/`;
}

export function opsObjectName(deviceId: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new StrongroomError('INVALID_ARGUMENT', `not a sequence number: ${seq}`);
  return opsDevicePrefix(deviceId) + String(seq).padStart(SEQ_DIGITS, '0');
}

/** The device and sequence number of an ops object name, or null for anything else (a foreign file). */
export function parseOpsObjectName(name: string): { deviceId: string; seq: number } | null {
  const m = OPS_NAME_RE.exec(name);
  if (!m) return null;
  const seq = Number(m[2]);
  return Number.isSafeInteger(seq) ? { deviceId: m[1]!, seq } : null;
}

export const SNAPSHOTS_PREFIX = 'snapshots/';
const SNAPSHOT_NAME_RE = /^snapshots\/([a-z0-9]{8,64})\/(\d{16})$/;

export function snapshotObjectName(deviceId: string, createdAtMs: number): string {
  if (!DEVICE_ID_RE.test(deviceId)) throw new StrongroomError('INVALID_ARGUMENT', `not a device id: ${JSON.stringify(deviceId.slice(0, 80))}`);
  if (!Number.isSafeInteger(createdAtMs) || createdAtMs < 0) throw new StrongroomError('INVALID_ARGUMENT', `not a time: ${createdAtMs}`);
  return `${SNAPSHOTS_PREFIX}${deviceId}/${String(createdAtMs).padStart(SEQ_DIGITS, '0')}`;
}

export function parseSnapshotObjectName(name: string): { deviceId: string; createdAt: number } | null {
  const m = SNAPSHOT_NAME_RE.exec(name);
  if (!m) return null;
  const createdAt = Number(m[2]);
  return Number.isSafeInteger(createdAt) ? { deviceId: m[1]!, createdAt } : null;
}

export const HEADERS_PREFIX = 'vault/headers/';
const HEADER_NAME_RE = /^vault\/headers\/([0-9a-f]{64})$/;

/** A header is named by the SHA-256 of its bytes: each version of the header is a new object, never a replacement. */
export function headerObjectName(sha256Hex: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new StrongroomError('INVALID_ARGUMENT', 'not a SHA-256 hex digest');
  return `${HEADERS_PREFIX}${sha256Hex}`;
}

export function parseHeaderObjectName(name: string): string | null {
  return HEADER_NAME_RE.exec(name)?.[1] ?? null;
}
