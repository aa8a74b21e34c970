import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The browser shell as people run it: `strongroom web` in a process of its own. The UI benchmark
 * drives Chromium through Playwright, whose client receives a protocol event for every request the
 * page makes; with the shell in the bench's own process that traffic would share the engine's event
 * loop, which no real user's app does.
 */
export interface ShellProcess {
  url: string;
  close(): Promise<void>;
}

const CLI = fileURLToPath(new URL('../bin/strongroom.mjs', import.meta.url));

export async function startShellProcess(vaultDir: string): Promise<ShellProcess> {
  const child = spawn(process.execPath, [CLI, '--vault', vaultDir, '--no-keychain', 'web'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const lines = createInterface({ input: child.stdout });
  let started = false;
  const exited = once(child, 'exit').then(([code]) => {
    if (!started) throw new Error(`strongroom web exited (${String(code)}) before printing its address: ${stderr.join('').trim()}`);
    return '';
  });
  const url = await Promise.race([once(lines, 'line').then(([line]) => String(line).trim()), exited]);
  started = true;
  return {
    url,
    close: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
