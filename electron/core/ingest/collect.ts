import { promises as fsp } from 'node:fs';
import path from 'node:path';

export interface FoundFile {
  path: string;
  size: number;
}

export interface Collected {
  files: FoundFile[];
  refused: { source: string; reason: string }[];
}

/**
 * Expands the paths a user dropped or typed into the files to import. Folders are walked recursively;
 * inside them hidden entries (".DS_Store", ".git") are skipped and symbolic links are not followed,
 * so a link cycle or a link out of the folder cannot pull in unrelated files. Paths named explicitly
 * are always taken at their word.
 */
export async function collectFiles(inputs: string[]): Promise<Collected> {
  const out: Collected = { files: [], refused: [] };
  const seen = new Set<string>();
  const addFile = (file: string, size: number) => {
    const resolved = path.resolve(file);
    if (seen.has(resolved)) return;
    seen.add(resolved);
    out.files.push({ path: resolved, size });
  };
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (err) {
      out.refused.push({ source: dir, reason: `the folder could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) addFile(full, (await fsp.stat(full)).size);
    }
  }
  for (const input of inputs) {
    let stat;
    try {
      stat = await fsp.stat(input);
    } catch {
      out.refused.push({ source: input, reason: 'no such file or folder' });
      continue;
    }
    if (stat.isDirectory()) await walk(input);
    else if (stat.isFile()) addFile(input, stat.size);
    else out.refused.push({ source: input, reason: 'not a regular file or folder' });
  }
  return out;
}
