import { beforeEach, onTestFailed } from 'vitest';

/**
 * An end-to-end file is one flow whose steps build on each other: after a step fails, the later ones
 * are skipped (their failures would only echo the first), and `onFailure` records what the pages and
 * shells showed at that moment.
 */
export function stopFlowAtFirstFailure(onFailure: () => void | Promise<void>): void {
  let broken = false;
  beforeEach(({ skip }) => {
    if (broken) skip('an earlier step of the flow failed');
    onTestFailed(async () => {
      broken = true;
      await onFailure();
    });
  });
}
