import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { expect } from 'vitest';
import { runCli } from '../../electron/core/cli/main';
import type { Core } from '../../electron/core/index';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with the given standard input lines and no keychain. */
export async function runCliCaptured(core: Core, args: string[], stdinLines: string[] = []): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = Readable.from(stdinLines.length ? [`${stdinLines.join('\n')}\n`] : []);
  const code = await runCli(args, { stdout, stderr, stdin }, { STRONGROOM_NO_KEYCHAIN: '1' }, core);
  stdout.end();
  stderr.end();
  return { code, stdout: await text(stdout), stderr: await text(stderr) };
}

/** One short line on stderr, prefixed with the program name, and no stack trace. */
export function expectOneCleanErrorLine(run: CliRun, message: RegExp): void {
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^strongroom: /);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:|\.ts:\d+/);
}
