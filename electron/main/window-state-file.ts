import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseWindowState, type WindowState } from './window-state';
import { writeFileAtomicSync } from './write-file-atomic-sync';

/** A missing, unreadable or damaged file means "no saved state": the window opens at its default. */
export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomicSync(file, `${JSON.stringify(state)}\n`);
}
