import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The main process log (the engine reports internal errors here instead of to the UI). The engine never
 * passes key material or passphrases in its messages; the file is private to the user all the same.
 */
export function createFileLog(logsDir: string, alsoToConsole: boolean): (message: string) => void {
  const file = path.join(logsDir, 'main.log');
  return (message) => {
    const line = `${new Date().toISOString()} ${message}\n`;
    if (alsoToConsole) process.stderr.write(line);
    try {
      mkdirSync(logsDir, { recursive: true, mode: 0o700 });
      appendFileSync(file, line, { mode: 0o600 });
    } catch {
      // Logging must never take the app down; the console copy (in development) is all there is.
    }
  };
}
