import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { StrongroomError } from '../../errors';
import { parseHeader, type VaultHeader } from '../../keys/header';
import { vaultPaths } from '../../vault/layout';
import { bodyToBuffer, type SyncBackend } from '../backends/backend';
import { isRemoteFault } from '../backends/remote-error';
import { headerObjectName, HEADERS_PREFIX, parseHeaderObjectName } from '../remote-names';

/**
 * The vault header on the remote, so a new device can join with the passphrase or recovery key alone.
 * It is stored as it is on disk, NOT sealed: sealing needs the sync key, which comes from the master
 * key, which only the header's slots give. The header holds no plaintext secret (wrapped key slots,
 * KDF parameters, the vault id, creation times; docs/vault-format.md §3 and §9 say what that exposes).
 * Each version of the header is its own object, named by its SHA-256: objects are never replaced, and
 * a passphrase change adds a header rather than editing one.
 */
const MAX_HEADER_BYTES = 256 * 1024;

export interface RemoteHeader {
  name: string;
  header: VaultHeader;
}

export async function listRemoteHeaders(backend: SyncBackend, signal?: AbortSignal): Promise<{ headers: RemoteHeader[]; unreadable: string[] }> {
  const headers: RemoteHeader[] = [];
  const unreadable: string[] = [];
  for await (const item of backend.list(HEADERS_PREFIX, { signal })) {
    const hash = parseHeaderObjectName(item.name);
    if (!hash || item.size > MAX_HEADER_BYTES) {
      unreadable.push(item.name);
      continue;
    }
    const bytes = await bodyToBuffer((await backend.get(item.name, { signal })).body);
    // The name is the content's hash: a header altered in place is not taken.
    if (createHash('sha256').update(bytes).digest('hex') !== hash) {
      unreadable.push(item.name);
      continue;
    }
    try {
      headers.push({ name: item.name, header: parseHeader(bytes.toString('utf8')) });
    } catch {
      unreadable.push(item.name);
    }
  }
  return { headers, unreadable };
}

/**
 * Puts this device's header on the remote unless the remote holds it already. Refuses a remote that
 * holds the headers of another vault: syncing two vaults into one target would mix their objects.
 */
export async function publishHeader(
  vaultDir: string,
  vaultId: string,
  backend: SyncBackend,
  signal?: AbortSignal,
): Promise<{ uploaded: boolean; bytes: number; unreadable: string[] }> {
  const bytes = await fsp.readFile(vaultPaths(vaultDir).header);
  const name = headerObjectName(createHash('sha256').update(bytes).digest('hex'));
  const { headers, unreadable } = await listRemoteHeaders(backend, signal);
  const other = headers.find((h) => h.header.vaultId !== vaultId);
  if (other) {
    throw new StrongroomError('CONFLICT', `${backend.description} holds the sync target of another vault (${other.header.vaultId}); choose another folder or prefix`);
  }
  if (headers.some((h) => h.name === name)) return { uploaded: false, bytes: 0, unreadable };
  try {
    await backend.put(name, bytes, { signal });
  } catch (err) {
    if (!isRemoteFault(err, 'exists')) throw err;
    return { uploaded: false, bytes: 0, unreadable };
  }
  return { uploaded: true, bytes: bytes.length, unreadable };
}
