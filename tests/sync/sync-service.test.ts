import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/sync-contract';
import { createCollection, listCollections } from '../../electron/core/catalog/collections';
import type { KeychainDriver } from '../../electron/core/keys/keychain';
import type { OpOptions, PutBody, RemoteObjectInfo, SyncBackend } from '../../electron/core/sync/backends/backend';
import { abortedError } from '../../electron/core/sync/backends/remote-error';
import { joinVault } from '../../electron/core/sync/join';
import { openTarget, type OpenTargetOptions } from '../../electron/core/sync/open-target';
import { SyncService, type SyncServiceOptions } from '../../electron/core/sync/service/sync-service';
import { unsentOpCount } from '../../electron/core/sync/service/pending-ops';
import type { SyncTarget } from '../../electron/core/sync/target-settings';
import { Vault } from '../../electron/core/vault/vault';
import { makeSuiteDir, TEST_PASSPHRASE } from '../helpers/vault';
import { startS3rver, S3RVER_CREDENTIALS, type S3rverProcess } from './helpers/s3rver';

/**
 * The app's background sync over real vaults (scrypt, SQLCipher, blob stores) and a real folder
 * target: the debounce after a local edit, "Sync now", one pass at a time, locking mid-pass, the error
 * status of a missing or unwritable folder, and an S3 target on s3rver going offline.
 */
let root: string;
beforeAll(() => {
  root = makeSuiteDir('sync-service');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function waitFor(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A backend whose requests wait at a gate (and give up when their pass is aborted). */
class GatedBackend implements SyncBackend {
  blocked = 0;
  private gate: Promise<void> | null = null;
  private release: (() => void) | null = null;
  constructor(private readonly inner: SyncBackend) {}
  get description() {
    return this.inner.description;
  }
  close() {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }
  open() {
    this.release?.();
    this.gate = null;
  }
  private async wait(options?: OpOptions) {
    if (!this.gate) return;
    this.blocked += 1;
    try {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(abortedError());
        if (options?.signal?.aborted) return onAbort();
        options?.signal?.addEventListener('abort', onAbort, { once: true });
        void this.gate!.then(resolve);
      });
    } finally {
      this.blocked -= 1;
    }
  }
  async put(name: string, body: PutBody, options?: OpOptions) {
    await this.wait(options);
    return this.inner.put(name, body, options);
  }
  async get(name: string, options?: OpOptions) {
    await this.wait(options);
    return this.inner.get(name, options);
  }
  async *list(prefix: string, options?: OpOptions): AsyncIterable<RemoteObjectInfo> {
    await this.wait(options);
    yield* this.inner.list(prefix, options);
  }
  delete(name: string, options?: OpOptions) {
    return this.inner.delete(name, options);
  }
}

/** A service with its statuses recorded, the passes counted and the backend gated. */
function serviceFor(options: Partial<SyncServiceOptions> = {}) {
  const statuses: SyncStatus[] = [];
  const counts = { opened: 0, inFlight: 0, maxInFlight: 0, remoteChanges: 0 };
  let gated: GatedBackend | null = null;
  const open = async (target: SyncTarget, o?: OpenTargetOptions) => {
    const opened = await openTarget(target, { ...o, retry: { attempts: 1 } });
    gated = gate.closed ? new GatedBackend(opened.backend) : null;
    if (gated) gated.close();
    counts.opened += 1;
    counts.inFlight += 1;
    counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
    let closed = false;
    return {
      backend: gated ?? opened.backend,
      close() {
        if (!closed) counts.inFlight -= 1;
        closed = true;
        opened.close();
      },
    };
  };
  const gate = {
    closed: false,
    get backend() {
      return gated;
    },
  };
  const service = new SyncService({
    keychain: null,
    debounceMs: 150,
    intervalMs: 60_000,
    onStatus: (s) => statuses.push(s),
    onRemoteChanges: () => (counts.remoteChanges += 1),
    openTarget: open,
    ...options,
  });
  const idle = () => waitFor('the pass to end', () => !service.passRunning);
  return { service, statuses, counts, gate, idle };
}

function folderTarget(name: string): { target: SyncTarget; dir: string } {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  return { target: { kind: 'folder', path: dir }, dir };
}

async function joined(dir: string, target: SyncTarget): Promise<Vault> {
  const opened = await openTarget(target);
  try {
    const result = await joinVault(dir, opened.backend, target, { kind: 'passphrase', passphrase: TEST_PASSPHRASE });
    if (result.passError) throw result.passError;
    return result.vault;
  } finally {
    opened.close();
  }
}

describe('sync service: two devices through a folder', () => {
  let vaultA: Vault;
  let vaultB: Vault;
  let a: ReturnType<typeof serviceFor>;
  let b: ReturnType<typeof serviceFor>;
  let remote: { target: SyncTarget; dir: string };

  beforeAll(async () => {
    remote = folderTarget('remote-two');
    vaultA = (await Vault.create(path.join(root, 'a'), { passphrase: TEST_PASSPHRASE, keychain: null })).vault;
    a = serviceFor();
    a.service.attach(vaultA);
    expect(a.service.status().state).toBe('not-connected');
    const connected = await a.service.connect(remote.target, null);
    expect(connected.state).toBe('syncing');
    await a.idle();
    expect(a.service.status()).toMatchObject({ state: 'idle', error: null, target: { kind: 'folder', path: remote.dir } });
    vaultB = await joined(path.join(root, 'b'), remote.target);
    b = serviceFor();
    // Unlocking a connected vault syncs it.
    b.service.attach(vaultB);
    expect(b.service.passRunning).toBe(true);
    await b.idle();
  });

  afterAll(async () => {
    await a?.service.detach();
    await b?.service.detach();
    vaultA?.close();
    vaultB?.close();
  });

  it('a local edit starts a pass once the edits settle; the other device gets it with Sync now', async () => {
    const before = a.counts.opened;
    createCollection(vaultA.db, 'Spring catalogue');
    createCollection(vaultA.db, 'Summer catalogue');
    expect(a.service.passRunning).toBe(false);
    await new Promise((r) => setTimeout(r, 60));
    // Still inside the quiet time: no pass yet, the changes are pending.
    expect(a.counts.opened).toBe(before);
    expect(unsentOpCount(vaultA.db)).toBe(2);
    await waitFor('the debounced pass', () => a.counts.opened === before + 1 && !a.service.passRunning);
    expect(unsentOpCount(vaultA.db)).toBe(0);
    expect(a.service.status()).toMatchObject({ state: 'idle', pending: { opsUp: 0 } });
    expect(a.service.status().lastSyncAt).not.toBeNull();

    expect(listCollections(vaultB.db).map((c) => c.name)).not.toContain('Spring catalogue');
    const changesBefore = b.counts.remoteChanges;
    expect(b.service.syncNow().state).toBe('syncing');
    await b.idle();
    expect(listCollections(vaultB.db).map((c) => c.name)).toEqual(expect.arrayContaining(['Spring catalogue', 'Summer catalogue']));
    expect(b.counts.remoteChanges).toBe(changesBefore + 1);
  });

  it('runs one pass at a time: requests during a pass make exactly one more after it', async () => {
    const before = a.counts.opened;
    a.gate.closed = true;
    a.service.syncNow();
    await waitFor('the pass to wait at the gate', () => (a.gate.backend?.blocked ?? 0) > 0);
    a.gate.closed = false;
    for (let i = 0; i < 4; i++) a.service.syncNow();
    createCollection(vaultA.db, 'Autumn catalogue');
    await new Promise((r) => setTimeout(r, 300)); // past the debounce
    expect(a.counts.opened).toBe(before + 1);
    expect(a.service.status().state).toBe('syncing');
    a.gate.backend!.open();
    await waitFor('both passes', () => a.counts.opened === before + 2 && !a.service.passRunning);
    await new Promise((r) => setTimeout(r, 300));
    expect(a.counts.opened).toBe(before + 2);
    expect(a.counts.maxInFlight).toBe(1);
    expect(unsentOpCount(vaultA.db)).toBe(0);
  });

  it('locking aborts the pass in flight without an error; the next unlock resumes and sends it', async () => {
    a.gate.closed = true;
    createCollection(vaultA.db, 'Winter catalogue');
    a.service.syncNow();
    await waitFor('the pass to wait at the gate', () => (a.gate.backend?.blocked ?? 0) > 0);
    const statusesBefore = a.statuses.length;
    await a.service.detach();
    expect(a.service.passRunning).toBe(false);
    expect(a.statuses.slice(statusesBefore).some((s) => s.error !== null)).toBe(false);
    a.gate.closed = false;
    vaultA.close();

    vaultA = await Vault.open(path.join(root, 'a'), { kind: 'passphrase', passphrase: TEST_PASSPHRASE }, null);
    expect(unsentOpCount(vaultA.db)).toBe(1);
    a.service.attach(vaultA);
    await a.idle();
    expect(a.service.status()).toMatchObject({ state: 'idle', error: null, pending: { opsUp: 0 } });
    b.service.syncNow();
    await b.idle();
    expect(listCollections(vaultB.db).map((c) => c.name)).toContain('Winter catalogue');
  });

  it('a missing folder is an error status naming it, with a growing wait; back in place, Sync now recovers', async () => {
    const moved = `${remote.dir}-unplugged`;
    renameSync(remote.dir, moved);
    try {
      a.service.syncNow();
      await a.idle();
      const first = a.service.status();
      expect(first.state).toBe('error');
      expect(first.error).toMatchObject({ kind: 'folder-missing', failures: 1 });
      expect(first.error!.message).toContain(remote.dir);
      expect(first.nextAttemptAt! - Date.now()).toBeGreaterThan(50_000);
      // While failing, local edits wait for the timer or Sync now.
      const opened = a.counts.opened;
      createCollection(vaultA.db, 'Queued while unplugged');
      await new Promise((r) => setTimeout(r, 400));
      expect(a.counts.opened).toBe(opened);
      expect(a.service.status().pending.opsUp).toBe(1);
      a.service.syncNow();
      await a.idle();
      const second = a.service.status();
      expect(second.error).toMatchObject({ kind: 'folder-missing', failures: 2 });
      expect(second.pending.opsUp).toBe(1);
      expect(second.nextAttemptAt! - Date.now()).toBeGreaterThan(110_000);
    } finally {
      renameSync(moved, remote.dir);
    }
    a.service.syncNow();
    await a.idle();
    expect(a.service.status()).toMatchObject({ state: 'idle', error: null, pending: { opsUp: 0 } });
  });

  const isRoot = process.getuid?.() === 0;
  it.skipIf(isRoot)('an unwritable folder (chmod) is an error status that says so (skipped when running as root: root ignores permission bits)', async () => {
    spawnSync('chmod', ['-R', 'a-w', remote.dir]);
    try {
      createCollection(vaultA.db, 'Needs a writable folder');
      a.service.syncNow();
      await a.idle();
      expect(a.service.status()).toMatchObject({ state: 'error', error: { kind: 'not-writable' } });
      expect(a.service.status().error!.message).toMatch(/not writable/);
    } finally {
      spawnSync('chmod', ['-R', 'u+w', remote.dir]);
    }
    a.service.syncNow();
    await a.idle();
    expect(a.service.status().state).toBe('idle');
  });

  // Root ignores permission bits; an immutable folder (chattr +i) refuses root too, so the same status is checked as root.
  it.runIf(isRoot)('an immutable folder (chattr -R +i, as root) is an error status that says it is not writable', async () => {
    const set = spawnSync('chattr', ['-R', '+i', remote.dir]);
    expect(set.status, set.stderr.toString()).toBe(0);
    try {
      createCollection(vaultA.db, 'Needs a writable folder');
      a.service.syncNow();
      await a.idle();
      expect(a.service.status()).toMatchObject({ state: 'error', error: { kind: 'not-writable' }, pending: { opsUp: 1 } });
      expect(a.service.status().error!.message).toMatch(/not writable/);
    } finally {
      spawnSync('chattr', ['-R', '-i', remote.dir]);
    }
    a.service.syncNow();
    await a.idle();
    expect(a.service.status()).toMatchObject({ state: 'idle', pending: { opsUp: 0 } });
  });
});

describe('sync service: damaged saved settings', () => {
  it('a settings row that no longer parses is an error status, not a failed call; connecting again or disconnecting clears it', async () => {
    const { target } = folderTarget('remote-damaged');
    const vault = (await Vault.create(path.join(root, 'damaged'), { passphrase: TEST_PASSPHRASE, keychain: null })).vault;
    const s = serviceFor();
    try {
      vault.db.prepare("INSERT INTO settings (key, value) VALUES ('sync_target', '{\"kind\":\"folder\"')").run();
      s.service.attach(vault);
      expect(s.service.passRunning).toBe(false);
      const damaged = s.service.status();
      expect(damaged).toMatchObject({ state: 'error', target: null, error: { kind: 'settings', failures: 1 } });
      expect(damaged.error!.message).toMatch(/saved sync settings are damaged/);
      expect(() => s.service.syncNow()).toThrow(/saved sync settings are damaged/);
      expect((await s.service.disconnect()).state).toBe('not-connected');
      vault.db.prepare("INSERT INTO settings (key, value) VALUES ('sync_target', '[]')").run();
      expect(s.service.status().state).toBe('error');
      await s.service.connect(target, null);
      await s.idle();
      expect(s.service.status()).toMatchObject({ state: 'idle', error: null, target: { kind: 'folder' } });
    } finally {
      await s.service.detach();
      vault.close();
    }
  });
});

describe('sync service: an S3 bucket (s3rver)', () => {
  let s3: S3rverProcess;
  let vault: Vault;
  const secrets = new Map<string, Buffer>();
  const keychain: KeychainDriver = {
    name: 'memory',
    description: 'the test keychain',
    isAvailable: async () => true,
    getSecret: async (account) => (secrets.has(account) ? Buffer.from(secrets.get(account)!) : null),
    setSecret: async (account, secret) => void secrets.set(account, Buffer.from(secret)),
    deleteSecret: async (account) => secrets.delete(account),
  };

  beforeAll(async () => {
    s3 = await startS3rver();
    vault = (await Vault.create(path.join(root, 's3-device'), { passphrase: TEST_PASSPHRASE, keychain: null })).vault;
  });
  afterAll(async () => {
    vault?.close();
    await s3?.stop();
  });

  it('connects with keys kept only in the keychain, syncs, and shows "offline" when the endpoint goes away', async () => {
    const { service, idle } = serviceFor({ keychain });
    service.attach(vault);
    const target: SyncTarget = { kind: 's3', endpoint: s3.endpoint, region: 'us-east-1', bucket: s3.bucket, prefix: 'service/', pathStyle: true, targetId: 'service-test' };
    await service.connect(target, S3RVER_CREDENTIALS);
    await idle();
    expect(service.status()).toMatchObject({ state: 'idle', error: null, target: { kind: 's3', bucket: s3.bucket, prefix: 'service/' } });
    expect([...secrets.keys()]).toEqual(['sync-s3-service-test']);
    const settings = vault.db.prepare('SELECT value FROM settings').pluck().all() as string[];
    expect(settings.join('\n')).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);

    await s3.stop();
    createCollection(vault.db, 'Made on the train');
    service.syncNow();
    await idle();
    expect(service.status()).toMatchObject({ state: 'offline', error: { kind: 'unreachable' }, pending: { opsUp: 1 } });

    await service.disconnect();
    expect(service.status().state).toBe('not-connected');
    expect(secrets.size).toBe(0);
    await service.detach();
  });

  it('refuses an S3 target without a keychain, before touching anything', async () => {
    const { service } = serviceFor({ keychain: null });
    service.attach(vault);
    const target: SyncTarget = { kind: 's3', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'nothing-here', prefix: '', pathStyle: true, targetId: 'no-keychain' };
    await expect(service.connect(target, S3RVER_CREDENTIALS)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(service.status().state).toBe('not-connected');
    await service.detach();
  });
});
