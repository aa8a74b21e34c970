import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../helpers/vault';

/**
 * The shared fixture folder as a person would drop it: every visible file below it, read in place
 * (never copied into the repository), named by its base name only (a drop keeps no folder structure
 * here; the base names are unique across the fixture folders, which this checks).
 */
export function fixtureDropPaths(): string[] {
  const files = readdirSync(fixturesDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !path.relative(fixturesDir, path.join(e.parentPath, e.name)).split(path.sep).some((p) => p.startsWith('.')))
    .map((e) => ({ name: e.name, path: path.join(e.parentPath, e.name) }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const names = new Set(files.map((f) => f.name));
  if (names.size !== files.length) throw new Error('two fixture files share a base name; the drop test names files by base name');
  return files.map((f) => f.path);
}

export const fixturePath = (relative: string) => path.join(fixturesDir, relative);

/** What each refused fixture's reason must say, by kind of refusal. */
const REASONS = {
  pixelLimit: /above the 100 MP import limit/,
  damagedJpeg: /JPEG file is damaged or incomplete/,
  damagedPng: /PNG file is damaged or incomplete/,
  svg: /^SVG files are refused/,
  heicHevc: /HEIC.*HEVC/,
  notAnImage: /not a recognised image/,
} as const;

export const EXPECTED_REFUSALS: Readonly<Record<string, RegExp>> = {
  'giant-image.jpg': REASONS.pixelLimit,
  '65536-uint32-limit.png': REASONS.pixelLimit,
  'corrupt-header.jpg': REASONS.damagedJpeg,
  'truncated.jpg': REASONS.damagedJpeg,
  'truncated.png': REASONS.damagedPng,
  'struct-image-04-t.svg': REASONS.svg,
  'QuickTime.heic': REASONS.heicHevc,
  LICENSE: REASONS.notAnImage,
};

/** Decoder torture tests: importing their first frame or refusing them are both fine. */
export const EITHER_WAY: readonly string[] = ['Crash_test.gif', 'big-height.webp'];
