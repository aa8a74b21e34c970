import type { ParseArgsConfig } from 'node:util';
import type { Core } from '../index';
import { isStrongroomError, StrongroomError } from '../errors';
import { defaultVaultDir } from '../vault/layout';
import type { UnlockMethod, Vault } from '../vault/vault';
import { promptHidden, StdinLines, type CliIO } from './io';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export const globalOptions: OptionsConfig = {
  vault: { type: 'string' },
  'passphrase-stdin': { type: 'boolean' },
  'recovery-key-stdin': { type: 'boolean' },
  'no-keychain': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export interface CommandContext {
  args: string[];
  values: OptionValues;
  io: CliIO;
  core: Core;
  vaultDir: string;
  /** The environment the CLI was started with (tests pass their own). */
  env: NodeJS.ProcessEnv;
  json: boolean;
  stdin: StdinLines;
  /** Prints data as JSON with --json, otherwise as the text `render` makes of it. */
  print(data: unknown, render: () => string): void;
  /** Unlocks the vault: stdin secret if asked for, else the keychain, else a passphrase prompt. */
  openVault(): Promise<Vault>;
  /** A passphrase from stdin (--passphrase-stdin) or the terminal. */
  readPassphrase(what: string, confirm?: boolean): Promise<string>;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options?: OptionsConfig;
  /** Raw arguments this command takes that look like options (e.g. `tag ID -old`). */
  passThroughDashArgs?: boolean;
  run(ctx: CommandContext): Promise<number | void>;
}

export function makeContext(
  core: Core,
  io: CliIO,
  env: NodeJS.ProcessEnv,
  args: string[],
  values: OptionValues,
): CommandContext {
  const json = values.json === true;
  const stdin = new StdinLines(io);
  const ctx: CommandContext = {
    args,
    values,
    io,
    core,
    env,
    json,
    stdin,
    vaultDir: typeof values.vault === 'string' ? values.vault : (env.STRONGROOM_VAULT ?? defaultVaultDir(env)),
    print(data, render) {
      io.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${render()}\n`);
    },
    async readPassphrase(what, confirm = false) {
      const fromStdin = values['passphrase-stdin'] === true;
      const first = fromStdin ? await stdin.next(what) : await promptHidden(io, `${what[0]!.toUpperCase()}${what.slice(1)}: `);
      if (confirm) {
        const second = fromStdin ? await stdin.next(`${what}, repeated`) : await promptHidden(io, 'Repeat it: ');
        if (first !== second) throw new StrongroomError('INVALID_ARGUMENT', 'the two passphrases differ; nothing was changed');
      }
      return first;
    },
    openVault: unlock,
  };
  /** Through the core, so a blob this device lacks comes from the sync target on first read. */
  async function unlock(): Promise<Vault> {
    let method: UnlockMethod | null = null;
    if (values['passphrase-stdin']) method = { kind: 'passphrase', passphrase: await stdin.next('passphrase') };
    else if (values['recovery-key-stdin']) method = { kind: 'recovery', recoveryKey: await stdin.next('recovery key') };
    if (method) return core.openVault(ctx.vaultDir, method);
    await core.inspectVault(ctx.vaultDir);
    try {
      return await core.openVault(ctx.vaultDir, { kind: 'keychain' });
    } catch (err) {
      if (!isStrongroomError(err, 'KEYCHAIN_EMPTY') && !isStrongroomError(err, 'KEYCHAIN_UNAVAILABLE')) throw err;
      if (!io.stdin.isTTY) {
        throw new StrongroomError(
          err.code,
          `${err.message}; pass the passphrase with --passphrase-stdin or the recovery key with --recovery-key-stdin`,
        );
      }
      io.stderr.write(`${err.message}\n`);
      return core.openVault(ctx.vaultDir, { kind: 'passphrase', passphrase: await promptHidden(io, 'Passphrase: ') });
    }
  }
  return ctx;
}
