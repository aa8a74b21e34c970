import { createHmac, timingSafeEqual } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { z } from 'zod';
import { StrongroomError } from '../errors';
import { writeFileAtomic } from '../fs/atomic';

/**
 * The vault header (vault.json): format version, vault id, and one wrapped copy of the master key per
 * unlock method ("slot"). It is plain JSON so that it can be inspected and specified exactly
 * (docs/vault-format.md); what must stay secret inside it is sealed, and the whole header is
 * authenticated with a key derived from the master key once a slot has been opened.
 */
export const HEADER_FILE = 'vault.json';
export const HEADER_FORMAT = 'strongroom-vault';
export const HEADER_VERSION = 1;
const MAX_HEADER_BYTES = 256 * 1024;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

const sealedSchema = z.object({ nonce: b64, ciphertext: b64, tag: b64 }).strict();

const slotBase = { id: z.string().regex(/^[0-9a-f]{16}$/), createdAt: z.string(), wrapped: sealedSchema };

export const passphraseSlotSchema = z
  .object({
    ...slotBase,
    type: z.literal('passphrase'),
    kdf: z.object({ name: z.literal('scrypt'), N: z.number(), r: z.number(), p: z.number(), salt: b64 }).strict(),
  })
  .strict();

export const recoverySlotSchema = z
  .object({ ...slotBase, type: z.literal('recovery'), kdf: z.object({ name: z.literal('hkdf-sha256'), salt: b64 }).strict() })
  .strict();

export const keychainSlotSchema = z
  .object({ ...slotBase, type: z.literal('keychain'), driver: z.string().min(1).max(64), account: z.string().min(1).max(200) })
  .strict();

export const slotSchema = z.discriminatedUnion('type', [passphraseSlotSchema, recoverySlotSchema, keychainSlotSchema]);

export const headerSchema = z
  .object({
    format: z.literal(HEADER_FORMAT),
    version: z.number().int(),
    vaultId: z.string().uuid(),
    createdAt: z.string(),
    slots: z.array(slotSchema).max(32),
    mac: b64,
  })
  .strict();

export type VaultHeader = z.infer<typeof headerSchema>;
export type KeySlot = z.infer<typeof slotSchema>;
export type PassphraseSlot = z.infer<typeof passphraseSlotSchema>;
export type RecoverySlot = z.infer<typeof recoverySlotSchema>;
export type KeychainSlot = z.infer<typeof keychainSlotSchema>;

/** Deterministic JSON: object keys sorted, so the MAC does not depend on property order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function computeHeaderMac(headerKey: Buffer, header: Omit<VaultHeader, 'mac'> | VaultHeader): string {
  const { mac: _ignored, ...rest } = header as VaultHeader;
  return createHmac('sha256', headerKey).update(canonicalJson(rest)).digest('base64');
}

export function headerMacMatches(headerKey: Buffer, header: VaultHeader): boolean {
  const expected = Buffer.from(computeHeaderMac(headerKey, header), 'base64');
  const actual = Buffer.from(header.mac, 'base64');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function parseHeader(text: string): VaultHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StrongroomError('HEADER_INVALID', 'the vault header (vault.json) is not valid JSON');
  }
  const format = (raw as { format?: unknown } | null)?.format;
  const version = (raw as { version?: unknown } | null)?.version;
  if (format === HEADER_FORMAT && Number.isInteger(version) && (version as number) > HEADER_VERSION) {
    throw new StrongroomError(
      'HEADER_INVALID',
      `this vault uses header format ${version}, newer than this Strongroom understands (${HEADER_VERSION}); update Strongroom`,
    );
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StrongroomError(
      'HEADER_INVALID',
      `the vault header (vault.json) is malformed at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

export async function readHeader(file: string): Promise<VaultHeader> {
  let handle;
  try {
    handle = await fsp.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StrongroomError('VAULT_NOT_FOUND', `no vault header at ${file}`);
    }
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_HEADER_BYTES) throw new StrongroomError('HEADER_INVALID', `the vault header is implausibly large (${size} bytes)`);
    return parseHeader(await handle.readFile('utf8'));
  } finally {
    await handle.close();
  }
}

export async function writeHeader(file: string, header: VaultHeader): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(header, null, 2)}\n`);
}
