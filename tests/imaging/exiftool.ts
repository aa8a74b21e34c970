import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * ExifTool as the independent reader of everything the imaging engine writes: the Perl distribution
 * vendored by the exiftool-vendored.pl package (a devDependency pinned to 13.59.3; Debian's 12.57 does
 * not know XMP-plus:DataMining), run with the system's perl. JSON output, one object per file, keys
 * "Group:Tag" (-G1) or "Family0:Family1:Tag" (-G0:1), structures kept as objects (-struct), duplicate
 * tags all listed (-a).
 */
export const EXIFTOOL_SCRIPT = fileURLToPath(new URL('../../node_modules/exiftool-vendored.pl/bin/exiftool', import.meta.url));

export type Tags = Record<string, unknown>;

export interface ExifToolOptions {
  /** Group naming: -G1 (default) or -G0:1 (e.g. to tell maker notes apart: "MakerNotes:Canon:…"). */
  groups?: '-G1' | '-G0:1';
  /** Further arguments, e.g. ['-n'] for values without print conversion. */
  args?: string[];
}

function run(args: string[], input?: Buffer): Promise<string> {
  if (!existsSync(EXIFTOOL_SCRIPT)) throw new Error(`ExifTool is missing at ${EXIFTOOL_SCRIPT}: run npm ci`);
  return new Promise((resolve, reject) => {
    const child = execFile('perl', [EXIFTOOL_SCRIPT, ...args], { maxBuffer: 64 * 2 ** 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      // ExifTool exits 1 when a file had an error but still prints what it read; only no output is a failure.
      if (stdout.trim().startsWith('[')) resolve(stdout);
      else reject(new Error(`exiftool failed: ${stderr || (err ? err.message : 'no output')}`));
    });
    if (input) child.stdin?.end(input);
  });
}

const baseArgs = (o: ExifToolOptions) => ['-j', o.groups ?? '-G1', '-a', '-struct', ...(o.args ?? [])];

/** The tags of several files, in order, in one ExifTool run. */
export async function readTagsOfFiles(files: string[], options: ExifToolOptions = {}): Promise<Tags[]> {
  if (files.length === 0) return [];
  const parsed = JSON.parse(await run([...baseArgs(options), ...files])) as Tags[];
  // ExifTool keeps the order of its arguments; make sure before anyone relies on it.
  parsed.forEach((t, i) => {
    if (t.SourceFile !== files[i]) throw new Error(`exiftool answered for ${String(t.SourceFile)} where ${files[i]} was expected`);
  });
  return parsed;
}

/** The tags of an image in memory (given to ExifTool on stdin). */
export async function readTags(data: Buffer, options: ExifToolOptions = {}): Promise<Tags> {
  const parsed = JSON.parse(await run([...baseArgs(options), '-'], data)) as Tags[];
  if (parsed.length !== 1) throw new Error(`exiftool returned ${parsed.length} results for one image`);
  return parsed[0]!;
}
