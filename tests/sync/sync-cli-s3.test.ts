import { rmSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/core/cli/main';
import { createCore } from '../../electron/core/index';
import { createKeytarDriver } from '../../electron/core/keys/keytar-driver';
import { deleteS3Credentials, loadS3Credentials } from '../../electron/core/sync/credential-store';
import { stateHash } from '../../electron/core/sync/ops/snapshot';
import { readSyncTarget } from '../../electron/core/sync/target-settings';
import { Vault } from '../../electron/core/vault/vault';
import { makeSuiteDir, TEST_PASSPHRASE } from '../helpers/vault';
import { importPhotos } from './helpers/pass-devices';
import { S3RVER_CREDENTIALS, startS3rver, type S3rverProcess } from './helpers/s3rver';

/**
 * `sync connect s3` / `sync` / `join s3` against s3rver with the REAL keychain (gnome-keyring over a
 * private D-Bus session: run through `bash scripts/with-keyring.sh vitest run …`): the credentials
 * given once through the environment are kept in the keychain, and later passes need nothing else.
 */
const driver = createKeytarDriver();
const core = createCore({ keychain: driver });
const awsEnv = { AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey };
let root: string;
let s3: S3rverProcess;
const targetIds: string[] = [];

beforeAll(async () => {
  if (process.env.STRONGROOM_KEYRING_READY !== '1') {
    throw new Error('tests/sync/sync-cli-s3.test.ts needs a real keychain: run it through `bash scripts/with-keyring.sh vitest run ...`');
  }
  root = makeSuiteDir('sync-cli-s3');
  s3 = await startS3rver();
}, 60_000);
afterAll(async () => {
  for (const id of targetIds) await deleteS3Credentials(driver, id).catch(() => false);
  for (const name of ['a', 'b']) {
    const v = await Vault.open(path.join(root, name), { kind: 'passphrase', passphrase: TEST_PASSPHRASE }, null).catch(() => null);
    if (v) {
      await v.removeKeychain(driver).catch(() => false);
      v.close();
    }
  }
  await s3?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function cli(args: string[], env: NodeJS.ProcessEnv, stdin = [TEST_PASSPHRASE]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await runCli(args, { stdout, stderr, stdin: Readable.from([`${stdin.join('\n')}\n`]) }, env, core);
  stdout.end();
  stderr.end();
  return { code, stdout: await text(stdout), stderr: await text(stderr) };
}

describe('strongroom sync with an S3 target', () => {
  it('connect keeps the credentials in the keychain; sync and join s3 work from them', async () => {
    const dirA = path.join(root, 'a');
    const created = await Vault.create(dirA, { passphrase: TEST_PASSPHRASE, keychain: null });
    await importPhotos(created.vault, ['flowers.jpeg']);
    created.vault.close();
    const s3Args = ['--endpoint', s3.endpoint, '--bucket', s3.bucket, '--prefix', 'cli-s3', '--path-style'];

    const connected = await cli(['--vault', dirA, '--passphrase-stdin', 'sync', 'connect', 's3', ...s3Args], awsEnv);
    expect(connected.code, connected.stderr).toBe(0);
    const va = await Vault.open(dirA, { kind: 'passphrase', passphrase: TEST_PASSPHRASE }, null);
    const target = readSyncTarget(va.db);
    va.close();
    expect(target).toMatchObject({ kind: 's3', bucket: s3.bucket, prefix: 'cli-s3/', pathStyle: true });
    if (target?.kind !== 's3') throw new Error('not an s3 target');
    targetIds.push(target.targetId);
    expect(await loadS3Credentials(driver, target.targetId)).toEqual(S3RVER_CREDENTIALS);
    expect(JSON.stringify(target)).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);

    // No AWS_* variables now: the keychain provides them.
    const synced = await cli(['--vault', dirA, '--passphrase-stdin', 'sync'], {});
    expect(synced.code, synced.stderr + synced.stdout).toBe(0);

    const dirB = path.join(root, 'b');
    const joined = await cli(['--vault', dirB, '--passphrase-stdin', 'join', 's3', ...s3Args], awsEnv);
    expect(joined.code, joined.stderr + joined.stdout).toBe(0);
    const vb = await Vault.open(dirB, { kind: 'keychain' }, driver);
    const targetB = readSyncTarget(vb.db);
    if (targetB?.kind === 's3') targetIds.push(targetB.targetId);
    vb.close();
    const again = await cli(['--vault', dirB, 'sync'], {});
    expect(again.code, again.stderr + again.stdout).toBe(0);

    const [a, b] = [await Vault.open(dirA, { kind: 'passphrase', passphrase: TEST_PASSPHRASE }, null), await Vault.open(dirB, { kind: 'passphrase', passphrase: TEST_PASSPHRASE }, null)];
    try {
      expect(stateHash(a.db)).toBe(stateHash(b.db));
    } finally {
      a.close();
      b.close();
    }
  }, 180_000);
});
