import path from 'node:path';
import { describeError, StrongroomError } from '../../errors';
import type { KeychainDriver } from '../../keys/keychain';
import type { S3Credentials } from '../../sync/backends/s3-backend';
import { saveS3Credentials } from '../../sync/credential-store';
import { joinVault } from '../../sync/join';
import { pendingOutgoingOps } from '../../sync/ops/batches-out';
import { localDeviceId } from '../../sync/ops/device';
import { startOpLog } from '../../sync/ops/start-op-log';
import { listDevices, retireDevice, setDeviceName } from '../../sync/ops/devices';
import { publishHeader } from '../../sync/pass/remote-header';
import { openTarget, type OpenedTarget } from '../../sync/open-target';
import { runSyncPass, type SyncPassReport } from '../../sync/sync-pass';
import { bucketTargetId, describeTarget, newTargetId, parseSyncTarget, usableSyncTarget, readSyncTarget, setKeepOriginals, writeSyncTarget, type SyncTarget } from '../../sync/target-settings';
import type { Vault } from '../../vault/vault';
import type { CommandContext, OptionsConfig } from '../context';
import type { Command } from '../context';
import { promptHidden } from '../io';
import { createProgressBar } from '../progress-bar';
import { withVault } from '../with-vault';
import { baselineBarProgress, renderDevices, renderPassReport, toBarProgress } from './sync-format';

/** Exit status 3: the pass finished, but reported problems (a damaged or missing batch, a refused image). */
export const EXIT_SYNC_PROBLEMS = 3;
const DEFAULT_WATCH_SECONDS = 60;
/** How often --watch looks for local changes, and how long it lets a burst of edits settle. */
const CHANGE_POLL_MS = 1000;

const targetOptions: OptionsConfig = {
  endpoint: { type: 'string' },
  bucket: { type: 'string' },
  prefix: { type: 'string' },
  region: { type: 'string' },
  'path-style': { type: 'boolean' },
};

function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** The target that `connect`/`join` arguments describe: `folder PATH` or `s3 --endpoint … --bucket …`. */
function targetFromArgs(ctx: CommandContext, args: string[], usage: string): SyncTarget {
  const kind = args[0];
  if (kind === 'folder') {
    if (args.length !== 2) throw new StrongroomError('INVALID_ARGUMENT', `usage: ${usage}`);
    return parseSyncTarget({ kind: 'folder', path: path.resolve(args[1]!) });
  }
  if (kind === 's3') {
    if (args.length !== 1) throw new StrongroomError('INVALID_ARGUMENT', `usage: ${usage}`);
    const bucket = str(ctx, 'bucket');
    if (!bucket) throw new StrongroomError('INVALID_ARGUMENT', 'an S3 target needs --bucket NAME');
    const rawPrefix = (str(ctx, 'prefix') ?? '').replace(/^\/+/, '');
    const prefix = rawPrefix === '' || rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
    return parseSyncTarget({
      kind: 's3',
      endpoint: str(ctx, 'endpoint') ?? null,
      bucket,
      prefix,
      region: str(ctx, 'region') ?? 'us-east-1',
      pathStyle: ctx.values['path-style'] === true,
      targetId: newTargetId(),
    });
  }
  throw new StrongroomError('INVALID_ARGUMENT', `usage: ${usage}`);
}

/** Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or null. */
function envCredentials(env: NodeJS.ProcessEnv): S3Credentials | null {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return null;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

async function askCredentials(ctx: CommandContext): Promise<S3Credentials> {
  const fromEnv = envCredentials(ctx.env);
  if (fromEnv) return fromEnv;
  if (!ctx.io.stdin.isTTY) {
    throw new StrongroomError('INVALID_ARGUMENT', 'the bucket needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run this in a terminal to be asked');
  }
  const accessKeyId = (await promptHidden(ctx.io, 'Access key id: ')).trim();
  const secretAccessKey = (await promptHidden(ctx.io, 'Secret access key: ')).trim();
  return { accessKeyId, secretAccessKey };
}

/**
 * Opens the target for a pass. S3 credentials come from the keychain; AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY, when set, win (a server without a keychain, a CI job).
 */
async function openForPass(ctx: CommandContext, target: SyncTarget): Promise<OpenedTarget> {
  const env = target.kind === 's3' ? envCredentials(ctx.env) : null;
  return openTarget(target, { keychain: ctx.core.keychain, ...(env ? { credentials: async () => env } : {}) });
}

async function keepCredentials(keychain: KeychainDriver | null, targetId: string, credentials: S3Credentials, fromEnv: boolean): Promise<string | null> {
  if (!keychain) {
    return fromEnv
      ? 'no keychain on this device: the credentials were not stored; keep AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set when you run "strongroom sync"'
      : 'no keychain on this device: the credentials were not stored (they are never kept in a file); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when you run "strongroom sync"';
  }
  await saveS3Credentials(keychain, targetId, credentials);
  return null;
}

const CONNECT_USAGE = 'strongroom sync connect folder PATH | strongroom sync connect s3 --endpoint URL --bucket B [--prefix P] [--region R] [--path-style]';

async function connect(ctx: CommandContext): Promise<number> {
  const target = targetFromArgs(ctx, ctx.args.slice(1), CONNECT_USAGE);
  return withVault(ctx, async (vault) => {
    if (target.kind === 's3') target.targetId = bucketTargetId(usableSyncTarget(vault.db), target);
    const credentials = target.kind === 's3' ? await askCredentials(ctx) : null;
    const opened = await openTarget(target, { keychain: ctx.core.keychain, ...(credentials ? { credentials: async () => credentials } : {}) });
    try {
      // Writing the header proves the target is reachable, writable and ours (not another vault's).
      await publishHeader(vault.dir, vault.id, opened.backend);
    } finally {
      opened.close();
    }
    // The vault's op log starts here (once): the baseline describes everything it holds.
    const bar = createProgressBar(ctx.io);
    const started = Date.now();
    try {
      startOpLog(vault.db, (p) => bar.update(baselineBarProgress(p, started)));
    } finally {
      bar.done();
    }
    const warning = target.kind === 's3' && credentials ? await keepCredentials(ctx.core.keychain, target.targetId, credentials, envCredentials(ctx.env) !== null) : null;
    writeSyncTarget(vault.db, target);
    if (warning) ctx.io.stderr.write(`warning: ${warning}\n`);
    ctx.print({ target, deviceId: localDeviceId(vault.db) }, () =>
      [`Connected this vault to ${describeTarget(target)}.`, 'Run "strongroom sync" to send and receive; other devices join with "strongroom join".'].join('\n'),
    );
    return 0;
  });
}

function requireTarget(vault: Vault): SyncTarget {
  const target = readSyncTarget(vault.db);
  if (!target) throw new StrongroomError('NOT_FOUND', 'this vault is not connected to a sync target; run "strongroom sync connect folder PATH" or "strongroom sync connect s3 …" first');
  return target;
}

async function onePass(ctx: CommandContext, vault: Vault, opened: OpenedTarget, signal: AbortSignal): Promise<SyncPassReport> {
  const bar = createProgressBar(ctx.io);
  const started = Date.now();
  try {
    return await runSyncPass(vault, opened.backend, { signal, onProgress: (p) => bar.update(toBarProgress(p, started)) });
  } finally {
    bar.done();
  }
}

function sleepUntilChange(vault: Vault, seconds: number, signal: AbortSignal): Promise<void> {
  const baseline = pendingOutgoingOps(vault.db);
  const deadline = Date.now() + seconds * 1000;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      // A local change (this or another process writing the catalog) starts a pass early, once the
      // edits have settled for one poll interval.
      const now = pendingOutgoingOps(vault.db);
      if (signal.aborted || Date.now() >= deadline || (now > 0 && now !== baseline && now === lastSeen)) finish();
      lastSeen = now;
    }, CHANGE_POLL_MS);
    let lastSeen = baseline;
    const finish = () => {
      clearInterval(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    signal.addEventListener('abort', finish, { once: true });
  });
}

async function syncPassCommand(ctx: CommandContext): Promise<number> {
  const watch = ctx.values.watch === true;
  const intervalRaw = str(ctx, 'interval');
  const interval = intervalRaw === undefined ? DEFAULT_WATCH_SECONDS : Number(intervalRaw);
  if (!(interval >= 1) || !Number.isFinite(interval)) throw new StrongroomError('INVALID_ARGUMENT', '--interval must be a number of seconds, at least 1');
  return withVault(ctx, async (vault) => {
    const target = requireTarget(vault);
    const opened = await openForPass(ctx, target);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      if (!watch) {
        const report = await onePass(ctx, vault, opened, abort.signal);
        ctx.print(report, () => renderPassReport(report));
        return report.problems.length > 0 ? EXIT_SYNC_PROBLEMS : 0;
      }
      ctx.io.stderr.write(`Syncing with ${describeTarget(target)} every ${interval} s and after local changes; Ctrl-C stops.\n`);
      let exit = 0;
      while (!abort.signal.aborted) {
        try {
          const report = await onePass(ctx, vault, opened, abort.signal);
          exit = report.problems.length > 0 ? EXIT_SYNC_PROBLEMS : 0;
          ctx.print(report, () => `${new Date().toISOString()}  ${renderPassReport(report)}`);
        } catch (err) {
          if (abort.signal.aborted) break;
          // An offline laptop just waits for the next round; the reason is shown each time.
          exit = 1;
          ctx.io.stderr.write(`${new Date().toISOString()}  sync failed: ${describeError(err)}\n`);
        }
        await sleepUntilChange(vault, interval, abort.signal);
      }
      return exit;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      opened.close();
    }
  });
}

function resolveDevice(vault: Vault, raw: string): string {
  const devices = listDevices(vault.db);
  const exact = devices.find((d) => d.id === raw);
  if (exact) return exact.id;
  const matches = devices.filter((d) => d.id.startsWith(raw) || d.name === raw);
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length > 1) throw new StrongroomError('INVALID_ARGUMENT', `"${raw}" matches ${matches.length} devices; give more of the id`);
  throw new StrongroomError('NOT_FOUND', `no device "${raw}"; "strongroom sync devices" lists them`);
}

export const syncCommand: Command = {
  name: 'sync',
  usage: 'sync [--watch [--interval S]] | sync connect … | sync devices | sync name NAME | sync retire DEVICE | sync originals keep|remote',
  summary: 'sync with the connected folder or bucket (one pass, or --watch); connect; list, name or retire devices',
  options: { ...targetOptions, watch: { type: 'boolean' }, interval: { type: 'string' } },
  async run(ctx) {
    const sub = ctx.args[0];
    if (sub === undefined) return syncPassCommand(ctx);
    if (sub === 'connect') return connect(ctx);
    if (sub === 'devices') {
      return withVault(ctx, (vault) => {
        const devices = listDevices(vault.db);
        ctx.print(devices, () => renderDevices(devices));
        return 0;
      });
    }
    if (sub === 'name') {
      const name = ctx.args.slice(1).join(' ').trim();
      if (!name || name.length > 100) throw new StrongroomError('INVALID_ARGUMENT', 'usage: strongroom sync name NAME (1–100 characters)');
      return withVault(ctx, (vault) => {
        setDeviceName(vault.db, localDeviceId(vault.db), name);
        ctx.print({ name }, () => `This device is now called "${name}" (the others see it after the next sync).`);
        return 0;
      });
    }
    if (sub === 'originals') {
      const mode = ctx.args[1];
      if (ctx.args.length !== 2 || (mode !== 'keep' && mode !== 'remote')) throw new StrongroomError('INVALID_ARGUMENT', 'usage: strongroom sync originals keep|remote');
      return withVault(ctx, (vault) => {
        setKeepOriginals(vault.db, mode === 'keep');
        ctx.print({ keepOriginals: mode === 'keep' }, () =>
          mode === 'keep'
            ? 'This device keeps every original; the next sync downloads the missing ones.'
            : 'This device downloads only thumbnails and previews from now on; originals it holds stay.',
        );
        return 0;
      });
    }
    if (sub === 'retire') {
      if (ctx.args.length !== 2) throw new StrongroomError('INVALID_ARGUMENT', 'usage: strongroom sync retire DEVICE');
      return withVault(ctx, (vault) => {
        const id = resolveDevice(vault, ctx.args[1]!);
        if (id === localDeviceId(vault.db)) throw new StrongroomError('INVALID_ARGUMENT', 'this device cannot retire itself; retire it from another device');
        const after = retireDevice(vault.db, id);
        ctx.print({ retired: id, afterSeq: after }, () => `Retired device ${id}: its changes up to batch ${after} stay; later ones are refused on every device after the next sync.`);
        return 0;
      });
    }
    throw new StrongroomError('INVALID_ARGUMENT', `unknown sync command "${sub}"; usage: strongroom ${this.usage}`);
  },
};

const JOIN_USAGE = 'strongroom join folder PATH | strongroom join s3 --endpoint URL --bucket B [--prefix P] [--region R] [--path-style]  (with --vault DIR for the new folder)';

export const joinCommand: Command = {
  name: 'join',
  usage: 'join folder PATH | join s3 --endpoint URL --bucket B …',
  summary: 'make this device a new device of a synced vault (into --vault DIR; passphrase or --recovery-key-stdin)',
  options: targetOptions,
  async run(ctx) {
    const target = targetFromArgs(ctx, ctx.args, JOIN_USAGE);
    const credentials = target.kind === 's3' ? await askCredentials(ctx) : null;
    const method = ctx.values['recovery-key-stdin']
      ? { kind: 'recovery' as const, recoveryKey: await ctx.stdin.next('recovery key') }
      : { kind: 'passphrase' as const, passphrase: await ctx.readPassphrase('passphrase of the vault to join') };
    const opened = await openTarget(target, { keychain: ctx.core.keychain, ...(credentials ? { credentials: async () => credentials } : {}) });
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    const bar = createProgressBar(ctx.io);
    const started = Date.now();
    let result;
    try {
      result = await joinVault(ctx.vaultDir, opened.backend, target, method, { signal: abort.signal, onProgress: (p) => bar.update(toBarProgress(p, started)) });
    } finally {
      bar.done();
      process.off('SIGINT', onSignal);
      opened.close();
    }
    const { vault } = result;
    try {
      const warnings: string[] = [];
      if (target.kind === 's3' && credentials) {
        const w = await keepCredentials(ctx.core.keychain, target.targetId, credentials, envCredentials(ctx.env) !== null);
        if (w) warnings.push(w);
      }
      if (ctx.core.keychain) {
        await vault.addKeychain(ctx.core.keychain).catch((err: unknown) => warnings.push(`this device does not unlock from the keychain: ${describeError(err)}`));
      }
      for (const w of warnings) ctx.io.stderr.write(`warning: ${w}\n`);
      const deviceId = localDeviceId(vault.db);
      ctx.print({ dir: ctx.vaultDir, deviceId, snapshot: result.snapshot, pass: result.pass, passError: result.passError ? describeError(result.passError) : null }, () =>
        [
          `Joined: ${ctx.vaultDir} is a new device (${deviceId}) of the vault, from ${describeTarget(target)}.`,
          result.pass ? renderPassReport(result.pass) : `The first sync did not finish (${describeError(result.passError)}); run "strongroom --vault ${ctx.vaultDir} sync" to resume.`,
        ].join('\n'),
      );
      if (result.passError) return 1;
      return result.problems.length > 0 ? EXIT_SYNC_PROBLEMS : 0;
    } finally {
      vault.close();
    }
  },
};
