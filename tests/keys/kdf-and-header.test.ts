import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fsp, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VaultHeader } from '../../electron/core/keys/header';
import { checkScryptParams, DEFAULT_SCRYPT } from '../../electron/core/keys/kdf';
import { inspectVault, Vault } from '../../electron/core/vault/vault';
import { snapshotDir } from '../helpers/fs-snapshot';
import { rejectionOf } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';
import { makeSuiteDir, TEST_PASSPHRASE } from '../helpers/vault';

/**
 * vault.json is plain JSON that anyone can edit. Absurd KDF parameters must be refused before any work,
 * malformed headers must be refused with HEADER_INVALID and a message naming the problem, and a
 * well-formed but modified header must be caught by its MAC once a slot has opened.
 *
 * One real vault (keychain null) is created for the file; each test edits its own copy.
 */
let suiteDir = '';
let template = '';
let recoveryKey = '';

beforeAll(async () => {
  suiteDir = makeSuiteDir('kdf-header');
  template = path.join(suiteDir, 'vault');
  const created = await Vault.create(template, { passphrase: TEST_PASSPHRASE, keychain: null });
  recoveryKey = created.recoveryKey;
  created.vault.close();
});

afterAll(() => {
  if (suiteDir) rmSync(suiteDir, { recursive: true, force: true });
});

async function copyOfVault(): Promise<string> {
  const dir = path.join(makeTempDir('kdf-header'), 'vault');
  await fsp.cp(template, dir, { recursive: true });
  return dir;
}

type Editable = VaultHeader & Record<string, unknown>;

async function editHeader(dir: string, edit: (header: Editable) => void): Promise<void> {
  const file = path.join(dir, 'vault.json');
  const header = JSON.parse(await fsp.readFile(file, 'utf8')) as Editable;
  edit(header);
  await fsp.writeFile(file, JSON.stringify(header, null, 2));
}

function passphraseSlot(header: VaultHeader) {
  const slot = header.slots.find((s) => s.type === 'passphrase');
  if (!slot || slot.type !== 'passphrase') throw new Error('template vault has no passphrase slot');
  return slot;
}

const withPassphrase = { kind: 'passphrase', passphrase: TEST_PASSPHRASE } as const;

describe('passphrase KDF parameters from vault.json', () => {
  it('control: an unedited copy opens with the passphrase, and the default parameters are within bounds', async () => {
    const dir = await copyOfVault();
    const vault = await Vault.open(dir, withPassphrase, null);
    vault.close();
    expect(() => checkScryptParams({ ...DEFAULT_SCRYPT, salt: randomBytes(32).toString('base64') })).not.toThrow();
  });

  it.each<[string, Partial<{ N: number; r: number; p: number; salt: string }>, RegExp]>([
    ['N = 2^40', { N: 2 ** 40 }, /N=2\^40 is outside/],
    ['N = 2^21 (just above the bound)', { N: 2 ** 21 }, /N=2\^21 is outside/],
    ['N = 2^10 (below the bound)', { N: 2 ** 10 }, /N=2\^10 is outside/],
    ['N not a power of two', { N: 100_000 }, /N=100000 is not a power of two/],
    ['N = 3 * 2^32 (not a power of two, beyond 32 bits)', { N: 3 * 2 ** 32 }, /N=/],
    ['N = 0', { N: 0 }, /N=0/],
    ['r = 10^6', { r: 1_000_000 }, /r=1000000 is outside/],
    ['r = 0', { r: 0 }, /r=0 is outside/],
    ['p = 1000', { p: 1000 }, /p=1000 is outside/],
    ['N = 2^20 with r = 16 (2 GiB of memory)', { N: 2 ** 20, r: 16 }, /more than 1 GiB/],
    ['salt of 8 bytes', { salt: randomBytes(8).toString('base64') }, /salt of 8 bytes/],
    ['empty salt', { salt: '' }, /salt of 0 bytes/],
  ])('%s is refused with KDF_PARAMS_REFUSED in under 50 ms', async (_label, change, message) => {
    const dir = await copyOfVault();
    await editHeader(dir, (h) => Object.assign(passphraseSlot(h).kdf, change));
    await inspectVault(dir); // warm up: the header parses, so only the KDF check can refuse it
    const before = snapshotDir(dir);
    // Fastest of three attempts, so a busy machine's scheduling noise is not mistaken for KDF work:
    // running scrypt with any of these parameters would take seconds (or gigabytes) every time.
    const timings: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = performance.now();
      const err = await rejectionOf(Vault.open(dir, withPassphrase, null));
      timings.push(performance.now() - started);
      expect(err).toMatchObject({ code: 'KDF_PARAMS_REFUSED', message: expect.stringMatching(message) });
    }
    expect(Math.min(...timings), `timings ${timings.map((t) => t.toFixed(1)).join(', ')} ms`).toBeLessThan(50);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('malformed vault headers', () => {
  it.each<[string, (h: Editable) => void, RegExp]>([
    ['vaultId that is not a UUID', (h) => void (h.vaultId = 'not-a-uuid'), /malformed at vaultId/],
    ['createdAt dropped', (h) => void delete (h as Partial<Editable>).createdAt, /malformed at createdAt/],
    ['slots dropped', (h) => void delete (h as Partial<Editable>).slots, /malformed at slots/],
    ['mac dropped', (h) => void delete (h as Partial<Editable>).mac, /malformed at mac/],
    ['an unknown top-level field', (h) => void (h.sneaky = true), /malformed at top level: .*sneaky/],
    ['an unknown field in a slot', (h) => void Object.assign(h.slots[0]!, { extra: 1 }), /malformed at slots\.0.*extra/],
    ['an unknown slot type', (h) => void Object.assign(h.slots[0]!, { type: 'fingerprint' }), /malformed at slots\.0/],
    ['another format', (h) => void (h.format = 'other-vault' as VaultHeader['format']), /malformed at format/],
    ['a version that is a string', (h) => void Object.assign(h, { version: '1' }), /malformed at version/],
    ['future version 99', (h) => void (h.version = 99), /header format 99, newer than this Strongroom understands \(1\); update Strongroom/],
  ])('%s is refused with HEADER_INVALID and says why', async (_label, edit, message) => {
    const dir = await copyOfVault();
    await editHeader(dir, edit);
    const before = snapshotDir(dir);
    for (const err of [await rejectionOf(Vault.open(dir, withPassphrase, null)), await rejectionOf(inspectVault(dir))]) {
      expect(err).toMatchObject({ code: 'HEADER_INVALID', message: expect.stringMatching(message) });
    }
    expect(snapshotDir(dir)).toEqual(before);
  });

  it.each([
    ['garbage', 'ceci n’est pas un vault'],
    ['truncated JSON', '{"format": "strongroom-vault", "version": 1, '],
    ['an empty file', ''],
    ['JSON null', 'null'],
  ])('%s instead of JSON is refused with HEADER_INVALID', async (label, text) => {
    const dir = await copyOfVault();
    await fsp.writeFile(path.join(dir, 'vault.json'), text);
    const err = await rejectionOf(Vault.open(dir, withPassphrase, null));
    expect(err).toMatchObject({ code: 'HEADER_INVALID' });
    expect((err as Error).message, label).toMatch(/vault header \(vault\.json\) is (not valid JSON|malformed)/);
  });

  it('a vaultId changed to another well-formed UUID does not open (the slots are bound to the vault id)', async () => {
    const dir = await copyOfVault();
    await editHeader(dir, (h) => void (h.vaultId = randomUUID()));
    // Without the master key this cannot be told apart from a wrong passphrase: the slot does not open.
    const viaPassphrase = await rejectionOf(Vault.open(dir, withPassphrase, null));
    expect(['HEADER_INVALID', 'WRONG_PASSPHRASE']).toContain((viaPassphrase as { code?: string }).code);
    const viaRecovery = await rejectionOf(Vault.open(dir, { kind: 'recovery', recoveryKey }, null));
    expect(['HEADER_INVALID', 'WRONG_RECOVERY_KEY']).toContain((viaRecovery as { code?: string }).code);
  });
});

describe('the header MAC', () => {
  it.each<[string, (h: Editable) => void, 'passphrase' | 'recovery']>([
    ['the vault createdAt changed', (h) => void (h.createdAt = new Date(0).toISOString()), 'passphrase'],
    ['a slot createdAt changed', (h) => void (h.slots[1]!.createdAt = '2001-01-01T00:00:00.000Z'), 'passphrase'],
    ['the recovery slot removed', (h) => void (h.slots = h.slots.filter((s) => s.type !== 'recovery')), 'passphrase'],
    ['the passphrase slot removed', (h) => void (h.slots = h.slots.filter((s) => s.type !== 'passphrase')), 'recovery'],
    ['the version lowered to 0', (h) => void (h.version = 0), 'passphrase'],
    ['the slots reordered', (h) => void h.slots.reverse(), 'passphrase'],
    ['the mac replaced', (h) => void (h.mac = randomBytes(32).toString('base64')), 'passphrase'],
  ])('%s: well-formed, so it parses, but after unlocking the MAC refuses it', async (_label, edit, method) => {
    const dir = await copyOfVault();
    await editHeader(dir, edit);
    await expect(inspectVault(dir)).resolves.toMatchObject({ passphrase: expect.any(Boolean) });
    const before = snapshotDir(dir);
    const unlock = method === 'passphrase' ? withPassphrase : ({ kind: 'recovery', recoveryKey } as const);
    const err = await rejectionOf(Vault.open(dir, unlock, null));
    expect(err).toMatchObject({ code: 'HEADER_INVALID', message: expect.stringMatching(/modified outside Strongroom/) });
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('reformatting vault.json (key order, indentation) is not a modification', async () => {
    const dir = await copyOfVault();
    const file = path.join(dir, 'vault.json');
    const header = JSON.parse(await fsp.readFile(file, 'utf8')) as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(header).reverse());
    await fsp.writeFile(file, JSON.stringify(reversed));
    expect((await fsp.readFile(file, 'utf8')).startsWith('{"mac"')).toBe(true);
    const vault = await Vault.open(dir, withPassphrase, null);
    vault.close();
  });
});
