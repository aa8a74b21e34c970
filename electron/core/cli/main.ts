import { parseArgs } from 'node:util';
import { createCore, type Core } from '../index';
import { describeError, isStrongroomError, StrongroomError } from '../errors';
import { createKeytarDriver } from '../keys/keytar-driver';
import { ingestCommand } from './commands/ingest-command';
import { collectionCommand, lsCommand, showCommand, statusCommand, tagCommand } from './commands/library-commands';
import { exportCommand } from './commands/export-command';
import { gcCommand, verifyCommand } from './commands/maintenance-commands';
import { presetCommand } from './commands/preset-command';
import { rightsCommand } from './commands/rights-command';
import { serveSharesCommand } from './commands/serve-shares-command';
import { shareCommand } from './commands/share-command';
import { joinCommand, syncCommand } from './commands/sync-commands';
import { initCommand, keychainCommand, passphraseCommand, recoveryCommand } from './commands/vault-commands';
import { globalOptions, makeContext, type Command, type OptionValues } from './context';
import { processIO, type CliIO } from './io';

export const commands: Command[] = [
  initCommand,
  ingestCommand,
  lsCommand,
  showCommand,
  tagCommand,
  collectionCommand,
  statusCommand,
  exportCommand,
  presetCommand,
  rightsCommand,
  shareCommand,
  serveSharesCommand,
  syncCommand,
  joinCommand,
  verifyCommand,
  gcCommand,
  passphraseCommand,
  recoveryCommand,
  keychainCommand,
];

function usage(available: readonly Command[]): string {
  const width = Math.max(...available.map((c) => c.usage.length));
  return [
    'Usage: strongroom [--vault DIR] [--passphrase-stdin | --recovery-key-stdin] [--no-keychain] [--json] COMMAND ...',
    '',
    'Commands:',
    ...available.map((c) => `  ${c.usage.padEnd(Math.min(width, 48))}  ${c.summary}`),
    '',
    'The vault defaults to the per-user application data folder (or $STRONGROOM_VAULT).',
  ].join('\n');
}

/** Finds the command word: the first argument that is neither an option nor the value of --vault. */
function findCommand(argv: string[], available: readonly Command[]): { index: number; command: Command | undefined } {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--vault') {
      i += 1;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return { index: i, command: available.find((c) => c.name === arg) };
  }
  return { index: -1, command: undefined };
}

function parse(argv: string[], index: number, command: Command): { args: string[]; values: OptionValues } {
  const before = argv.slice(0, index);
  let after = argv.slice(index + 1);
  const passThrough: string[] = [];
  if (command.passThroughDashArgs) {
    // `tag ID -old` : single-dash words are tag removals, not options.
    passThrough.push(...after.filter((a) => /^[+-][^-]/.test(a) || !a.startsWith('-')));
    after = after.filter((a) => !passThrough.includes(a));
  }
  const { values, positionals } = parseArgs({
    args: [...before, ...after],
    options: { ...globalOptions, ...command.options },
    allowPositionals: true,
    strict: true,
  });
  return { args: command.passThroughDashArgs ? passThrough : positionals, values: values as OptionValues };
}

/**
 * `extraCommands` come from shells built on the core (the browser shell's `web`): the core cannot import
 * them without depending on its own shells, so the entry point (bin/strongroom.mjs) passes them in.
 */
export async function runCli(
  argv: string[],
  io: CliIO = processIO,
  env: NodeJS.ProcessEnv = process.env,
  core?: Core,
  extraCommands: readonly Command[] = [],
): Promise<number> {
  try {
    // A shell's command of the same name replaces the built-in one (tests inject a serve-shares that stops on cue).
    const all = [...commands.filter((c) => !extraCommands.some((e) => e.name === c.name)), ...extraCommands];
    const { index, command } = findCommand(argv, all);
    // After a command that takes dash words (`tag ID -h` removes tag "h"), only --help asks for help.
    const helpFlags = command?.passThroughDashArgs ? ['--help'] : ['--help', '-h'];
    const wantsHelp = argv.some((a) => helpFlags.includes(a));
    if (wantsHelp || index === -1) {
      io.stdout.write(`${usage(all)}\n`);
      return wantsHelp ? 0 : 2;
    }
    if (!command) throw new StrongroomError('INVALID_ARGUMENT', `unknown command "${argv[index]}"; see strongroom --help`);
    const { args, values } = parse(argv, index, command);
    const noKeychain = values['no-keychain'] === true || env.STRONGROOM_NO_KEYCHAIN === '1';
    const theCore = core ?? createCore({ keychain: noKeychain ? null : createKeytarDriver() });
    const result = await command.run(makeContext(theCore, io, env, args, values));
    return typeof result === 'number' ? result : 0;
  } catch (err) {
    const message = isStrongroomError(err) ? err.message : describeError(err);
    io.stderr.write(`strongroom: ${message}\n`);
    if (!isStrongroomError(err) && env.STRONGROOM_DEBUG) io.stderr.write(`${(err as Error).stack ?? ''}\n`);
    const code = isStrongroomError(err) ? err.code : String((err as { code?: unknown }).code ?? '');
    return code === 'INVALID_ARGUMENT' || code.startsWith('ERR_PARSE_ARGS_') ? 2 : 1;
  }
}
