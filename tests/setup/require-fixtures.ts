import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The tests read real-world images from ../shared/fixtures (beside the clone, never copied into it).
 * Without them dozens of tests would fail with unrelated-looking errors, so say what is missing once.
 */
export default function requireFixtures(): void {
  const dir = path.resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared/fixtures/images');
  if (!existsSync(path.join(dir, 'orientation', 'Landscape_1.jpg'))) {
    throw new Error(`the test fixtures are missing: expected them in ${dir} (the shared/ folder beside this clone)`);
  }
}
