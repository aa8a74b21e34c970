import { spawn, type SpawnOptions } from 'node:child_process';

/** Runs a command with inherited output; rejects on a non-zero exit or a signal. */
export function run(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${[command, ...args].join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/**
 * npm, the way the current one was started: through npm_execpath (npm-cli.js) when we run under npm,
 * which also works on Windows, where spawning npm.cmd needs a shell.
 */
export function runNpm(args: readonly string[], options: SpawnOptions = {}): Promise<void> {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.[cm]?js$/.test(npmCli)) return run(process.execPath, [npmCli, ...args], options);
  return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { shell: process.platform === 'win32', ...options });
}
