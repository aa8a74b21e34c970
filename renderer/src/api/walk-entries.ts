/** A file found in a dropped folder, with its path inside the drop (for messages). */
export interface WalkedFile {
  readonly file: File;
  readonly path: string;
}

export interface WalkResult {
  readonly files: WalkedFile[];
  readonly unreadable: { source: string; reason: string }[];
}

/** Dot-files and dot-folders (.DS_Store, .git, ...) are never product photos; the engine skips them too. */
const isHidden = (name: string) => name.startsWith('.');

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

/** readEntries hands out a folder in batches (100 in Chromium) until it returns an empty one. */
async function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await readBatch(reader);
    if (batch.length === 0) break;
    all.push(...batch);
  }
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

/**
 * Every file under the dropped entries, folders walked depth-first in name order. Hidden entries inside
 * folders are skipped; a hidden file dropped on its own was chosen deliberately and is kept, as the
 * engine does for paths given explicitly. An unreadable entry is reported, not fatal.
 */
export async function walkEntries(roots: readonly FileSystemEntry[]): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const unreadable: WalkResult['unreadable'] = [];
  const pending: { entry: FileSystemEntry; path: string }[] = roots.map((entry) => ({ entry, path: entry.name })).reverse();
  while (pending.length > 0) {
    const { entry, path } = pending.pop()!;
    try {
      if (isFile(entry)) {
        files.push({ file: await fileOf(entry), path });
      } else if (isDirectory(entry)) {
        const children = (await readAllEntries(entry)).filter((child) => !isHidden(child.name));
        for (const child of children.reverse()) pending.push({ entry: child, path: `${path}/${child.name}` });
      }
    } catch {
      unreadable.push({ source: path, reason: 'could not be read (check its permissions)' });
    }
  }
  return { files, unreadable };
}
