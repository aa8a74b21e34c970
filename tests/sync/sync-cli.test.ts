import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { runCli } from '../../electron/core/cli/main';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAssetFields } from '../../electron/core/catalog/assets';
import { createCore } from '../../electron/core/index';
import { localDeviceId } from '../../electron/core/sync/ops/device';
import { stateHash } from '../../electron/core/sync/ops/snapshot';
import { keepOriginals, readSyncTarget } from '../../electron/core/sync/target-settings';
import { Vault } from '../../electron/core/vault/vault';
import { expectOneCleanErrorLine, runCliCaptured } from '../helpers/cli';
import { makeReadOnly } from '../helpers/read-only';
import { makeSuiteDir, TEST_PASSPHRASE } from '../helpers/vault';
import { importPhotos } from './helpers/pass-devices';

const core = createCore({ keychain: null });
let root: string;
let remote: string;
let recoveryKey: string;
const dir = (n: string) => path.join(root, n);
const cli = (vault: string, args: string[], stdin: string[] = [TEST_PASSPHRASE]) => runCliCaptured(core, ['--vault', dir(vault), '--passphrase-stdin', ...args], stdin);

beforeAll(async () => {
  root = makeSuiteDir('sync-cli');
  remote = dir('remote');
  mkdirSync(remote);
  const created = await Vault.create(dir('a'), { passphrase: TEST_PASSPHRASE, keychain: null });
  recoveryKey = created.recoveryKey;
  await importPhotos(created.vault, ['concert.jpg']);
  created.vault.close();
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function open(name: string): Promise<Vault> {
  return Vault.open(dir(name), { kind: 'passphrase', passphrase: TEST_PASSPHRASE }, null);
}

describe('strongroom sync / join', () => {
  it('connect, sync, join with the passphrase and with the recovery key, devices, retire', async () => {
    const connected = await cli('a', ['sync', 'connect', 'folder', remote]);
    expect(connected.code, connected.stderr).toBe(0);
    expect(connected.stdout).toMatch(/Connected this vault to the folder/);

    const first = await cli('a', ['sync']);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    expect(first.stdout).toMatch(/Sent \d+ batch/);
    expect(first.stdout).toMatch(/snapshot written/);

    const b = await runCliCaptured(core, ['--vault', dir('b'), '--passphrase-stdin', 'join', 'folder', remote], [TEST_PASSPHRASE]);
    expect(b.code, b.stderr + b.stdout).toBe(0);
    expect(b.stdout).toMatch(/Joined: .* is a new device/);
    const c = await runCliCaptured(core, ['--vault', dir('c'), '--recovery-key-stdin', 'join', 'folder', remote], [recoveryKey]);
    expect(c.code, c.stderr + c.stdout).toBe(0);

    const vaults = [await open('a'), await open('b'), await open('c')];
    const ids = vaults.map((v) => localDeviceId(v.db));
    try {
      expect(new Set(ids).size).toBe(3);
      expect(new Set(vaults.map((v) => stateHash(v.db))).size).toBe(1);
    } finally {
      for (const v of vaults) v.close();
    }

    const named = await cli('b', ['sync', 'name', 'Studio workstation']);
    expect(named.code, named.stderr).toBe(0);
    const devices = await cli('b', ['--json', 'sync', 'devices']);
    const list = JSON.parse(devices.stdout) as { id: string; self: boolean }[];
    expect(list.map((d) => d.id)).toContain(ids[0]);
    expect(list.find((d) => d.self)?.id).toBe(ids[1]);

    // B retires A; A's batches after that point are refused, by name, on B (exit status 3).
    const retired = await cli('b', ['sync', 'retire', ids[0]!]);
    expect(retired.code, retired.stderr).toBe(0);
    const va = await open('a');
    updateAssetFields(va.db, va.db.prepare('SELECT id FROM assets').pluck().get() as string, { title: 'After retirement' });
    va.close();
    expect((await cli('a', ['sync'])).code).toBe(0);
    const refused = await cli('b', ['sync']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toMatch(new RegExp(`device ${ids[0]} was retired after its batch \\d+; its batch \\d+ is refused`));
    // A, once it has B's retirement op, is told so.
    const told = await cli('a', ['sync']);
    expect(told.code).toBe(3);
    expect(told.stdout).toMatch(/this device \(\w+\) was retired by another device/);

    const originals = await cli('b', ['sync', 'originals', 'remote']);
    expect(originals.code, originals.stderr).toBe(0);
    const vb = await open('b');
    expect(keepOriginals(vb.db)).toBe(false);
    vb.close();
  }, 180_000);

  it('states clearly what is wrong with a target', async () => {
    const missing = await cli('a', ['sync', 'connect', 'folder', dir('no-such-folder')]);
    expect(missing.code).toBe(1);
    expectOneCleanErrorLine(missing, /the folder .*no-such-folder is missing/);

    const empty = dir('empty-target');
    mkdirSync(empty);
    const nothing = await runCliCaptured(core, ['--vault', dir('d'), '--passphrase-stdin', 'join', 'folder', empty], [TEST_PASSPHRASE]);
    expect(nothing.code).toBe(1);
    expectOneCleanErrorLine(nothing, /holds no Strongroom sync target/);

    const locked = dir('read-only-target');
    mkdirSync(locked);
    const ro = makeReadOnly(locked);
    try {
      const refused = await cli('a', ['sync', 'connect', 'folder', locked]);
      expect(refused.code).toBe(1);
      expectOneCleanErrorLine(refused, /the folder .*read-only-target is not writable/);
    } finally {
      ro.undo();
    }

    const wrong = await runCliCaptured(core, ['--vault', dir('e'), '--passphrase-stdin', 'join', 'folder', remote], ['not the passphrase']);
    expect(wrong.code).toBe(1);
    expectOneCleanErrorLine(wrong, /wrong passphrase/);
    expect(existsSync(dir('e')), 'a failed join leaves no half-made folder').toBe(false);

    const notConnected = await Vault.create(dir('f'), { passphrase: TEST_PASSPHRASE, keychain: null });
    notConnected.vault.close();
    const noTarget = await cli('f', ['sync']);
    expectOneCleanErrorLine(noTarget, /not connected to a sync target/);

    const otherVault = await cli('f', ['sync', 'connect', 'folder', remote]);
    expectOneCleanErrorLine(otherVault, /holds the sync target of another vault/);

    const s3NoCreds = await cli('a', ['sync', 'connect', 's3', '--bucket', 'shop-images', '--endpoint', 'http://127.0.0.1:9']);
    expectOneCleanErrorLine(s3NoCreds, /set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);

    // A bucket that refuses every key, as S3 does (403 InvalidAccessKeyId): said at connect, nothing stored.
    const refusing = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidAccessKeyId</Code><Message>The key does not exist.</Message></Error>');
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      const code = await runCli(
        ['--vault', dir('a'), '--passphrase-stdin', 'sync', 'connect', 's3', '--endpoint', endpoint, '--bucket', 'shop-images', '--path-style'],
        { stdout, stderr, stdin: Readable.from([`${TEST_PASSPHRASE}\n`]) },
        { STRONGROOM_NO_KEYCHAIN: '1', AWS_ACCESS_KEY_ID: 'AKIAWRONG', AWS_SECRET_ACCESS_KEY: 'wrong-secret' },
        core,
      );
      stdout.end();
      stderr.end();
      const run = { code, stdout: await text(stdout), stderr: await text(stderr) };
      expect(run.code).toBe(1);
      expectOneCleanErrorLine(run, /the bucket refused the credentials/);
      const va = await open('a');
      expect(readSyncTarget(va.db)).toMatchObject({ kind: 'folder' });
      va.close();
    } finally {
      refusing.close();
    }
  }, 120_000);
});
