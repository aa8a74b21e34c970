import { app } from 'electron';

/**
 * Development and test only (never in a packaged app): STRONGROOM_USER_DATA_DIR gives a run its own
 * data folder, so the end-to-end test neither meets the developer's window state and keys nor collides
 * with a running Strongroom's single-instance lock. Must run before anything reads userData.
 */
export function applyDevOverrides(env: NodeJS.ProcessEnv = process.env): void {
  if (app.isPackaged) return;
  const userData = env.STRONGROOM_USER_DATA_DIR;
  if (userData) app.setPath('userData', userData);
}

/**
 * STRONGROOM_SHARE_PORT (development and tests only): the share server's port when the vault's
 * settings name none, so test runs (0: any free port) never take the real 8491 from each other.
 */
export function devSharePort(isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.STRONGROOM_SHARE_PORT;
  if (isPackaged || raw === undefined || !/^\d{1,5}$/.test(raw) || Number(raw) > 65_535) return null;
  return Number(raw);
}
