import { describe, expect, it } from 'vitest';
import { walkEntries } from '../../renderer/src/api/walk-entries';

/**
 * Minimal FileSystemEntry trees with the browser's callback API, including readEntries handing out a
 * folder in batches (Chromium: 100 at a time) until an empty batch.
 */
type Tree = { [name: string]: Tree | string };

function entry(name: string, node: Tree | string, fullPath: string): FileSystemEntry {
  if (typeof node === 'string') {
    return {
      name,
      fullPath,
      isFile: true,
      isDirectory: false,
      file: (ok: (f: File) => void, fail: (e: Error) => void) => (node === 'UNREADABLE' ? fail(new Error('denied')) : ok(new File([node], name))),
    } as unknown as FileSystemEntry;
  }
  const children = Object.entries(node).map(([n, child]) => entry(n, child, `${fullPath}/${n}`));
  return {
    name,
    fullPath,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let offset = 0;
      return {
        readEntries: (ok: (batch: FileSystemEntry[]) => void) => {
          const batch = children.slice(offset, offset + 2);
          offset += batch.length;
          setTimeout(() => ok(batch), 0);
        },
      };
    },
  } as unknown as FileSystemEntry;
}

describe('walking dropped folders (browser)', () => {
  it('finds every file, depth-first in name order, across reader batches', async () => {
    const root = entry('shoot', { 'b.jpg': 'b', 'a.jpg': 'a', sub: { 'c.png': 'c', deeper: { 'd.webp': 'd' } }, 'e.tif': 'e' }, '/shoot');
    const { files, unreadable } = await walkEntries([root]);
    expect(files.map((f) => f.path)).toEqual(['shoot/a.jpg', 'shoot/b.jpg', 'shoot/e.tif', 'shoot/sub/c.png', 'shoot/sub/deeper/d.webp']);
    expect(await files[0]!.file.text()).toBe('a');
    expect(unreadable).toEqual([]);
  });

  it('skips hidden files and folders inside folders, but keeps a hidden file dropped on its own', async () => {
    const root = entry('shoot', { '.DS_Store': 'x', '.git': { 'config.jpg': 'x' }, 'ok.jpg': 'y' }, '/shoot');
    const lone = entry('.hidden.jpg', 'z', '/.hidden.jpg');
    const { files } = await walkEntries([root, lone]);
    expect(files.map((f) => f.path)).toEqual(['shoot/ok.jpg', '.hidden.jpg']);
  });

  it('reports an unreadable file and carries on', async () => {
    const root = entry('shoot', { 'locked.jpg': 'UNREADABLE', 'fine.jpg': 'f' }, '/shoot');
    const { files, unreadable } = await walkEntries([root]);
    expect(files.map((f) => f.path)).toEqual(['shoot/fine.jpg']);
    expect(unreadable).toEqual([{ source: 'shoot/locked.jpg', reason: expect.stringContaining('could not be read') }]);
  });
});
