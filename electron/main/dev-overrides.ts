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
