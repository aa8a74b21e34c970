import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyToBuffer } from '../../electron/core/sync/backends/backend';
import { FOLDER_TEMP_DIR, openFolderBackend } from '../../electron/core/sync/backends/folder-backend';
import { newTempName } from '../../electron/core/sync/backends/folder-temps';
import { makeReadOnly } from '../helpers/read-only';
import { rejectionOf } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';
import { listFilesRecursive } from '../helpers/vault';

async function listed(root: string): Promise<string[]> {
  const b = await openFolderBackend(root);
  const out: string[] = [];
  for await (const item of b.list('')) out.push(item.name);
  return out.sort();
}

describe('folder backend: a folder other tools also write to', () => {
  it("ignores other tools' files: conflict copies, sync clients' own files, editors' temp and lock files", async () => {
    const root = makeTempDir('sync-foreign');
    const b = await openFolderBackend(root);
    await b.put('blobs/ab/abc', Buffer.from('ours'));
    await b.put('ops/device01/0000000000000001', Buffer.from('ours'));
    const foreign = [
      'blobs/ab/abc (Alice’s conflicted copy 2026-01-02)',
      'blobs/ab/abc (1)',
      'blobs/ab/abc.tmp',
      'blobs/ab/~$abc',
      'blobs/ab/.~lock.abc#',
      'ops/device01/0000000000000001 (conflicted copy)',
      '.dropbox',
      '.dropbox.cache/x',
      '.DS_Store',
      'desktop.ini',
      'Thumbs.db',
      'Icon\r',
      '.sync/ID',
      'blobs/ab/.abc.icloud',
      'Blobs/ab/abc',
    ];
    for (const rel of foreign) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), 'not ours');
    }
    expect(await listed(root)).toEqual(['blobs/ab/abc', 'ops/device01/0000000000000001']);
  });

  it('publishes only complete files: nothing under an object name while writing, no temp left after', async () => {
    const root = makeTempDir('sync-publish');
    const b = await openFolderBackend(root);
    const seen: string[][] = [];
    async function* body(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 4; i++) {
        seen.push(listFilesRecursive(root).filter((f) => !f.startsWith(FOLDER_TEMP_DIR)));
        yield Buffer.alloc(1 << 16, i);
      }
    }
    await b.put('blobs/ab/whole', body);
    expect(seen.every((files) => files.length === 0)).toBe(true);
    expect(listFilesRecursive(root)).toEqual(['blobs/ab/whole']);
    expect((await bodyToBuffer((await b.get('blobs/ab/whole')).body)).length).toBe(4 << 16);
  });

  it('a subfolder removed between puts (by hand, by a sync client) is made again, and the write is whole', async () => {
    const root = makeTempDir('sync-subfolder');
    const b = await openFolderBackend(root);
    await b.put('blobs/ab/first', Buffer.from('first'));
    rmSync(path.join(root, 'blobs'), { recursive: true });
    await b.put('blobs/ab/second', Buffer.alloc(3 << 20, 7));
    expect(listFilesRecursive(root).filter((f) => !f.startsWith(FOLDER_TEMP_DIR))).toEqual(['blobs/ab/second']);
    expect((await bodyToBuffer((await b.get('blobs/ab/second')).body)).equals(Buffer.alloc(3 << 20, 7))).toBe(true);
    // The temp folder too, with the body a stream.
    rmSync(path.join(root, FOLDER_TEMP_DIR), { recursive: true });
    await b.put('blobs/cd/third', async function* body() {
      yield Buffer.from('third');
    });
    expect(listFilesRecursive(root).filter((f) => !f.startsWith(FOLDER_TEMP_DIR))).toEqual(['blobs/ab/second', 'blobs/cd/third']);
    expect((await bodyToBuffer((await b.get('blobs/cd/third')).body)).toString()).toBe('third');
  });

  it('a missing folder is reported as "the folder … is missing", at open and when it vanishes later', async () => {
    const root = makeTempDir('sync-missing');
    const gone = path.join(root, 'Dropbox', 'Shop');
    expect(await rejectionOf(openFolderBackend(gone))).toMatchObject({ code: 'SYNC_REMOTE', fault: 'folder-missing', message: `the folder ${gone} is missing` });
    mkdirSync(gone, { recursive: true });
    const b = await openFolderBackend(gone);
    rmSync(gone, { recursive: true });
    const ops = [
      () => b.put('blobs/aa/x', Buffer.from('x')),
      () => b.get('blobs/aa/x'),
      async () => {
        for await (const _ of b.list('')) void _;
      },
    ];
    for (const op of ops) {
      expect(await rejectionOf(op())).toMatchObject({ fault: 'folder-missing', message: expect.stringContaining('is missing') });
    }
    // Never recreated: an empty folder in its place would look like an empty remote.
    expect(existsSync(gone)).toBe(false);
    writeFileSync(gone, 'a file');
    expect(await rejectionOf(openFolderBackend(gone))).toMatchObject({ fault: 'folder-missing' });
  });

  it('a read-only folder is reported as "the folder … is not writable" and is left as it was', async () => {
    const root = makeTempDir('sync-readonly');
    const b = await openFolderBackend(root);
    await b.put('blobs/aa/before', Buffer.from('x'));
    // As a read-only mount would: every folder refuses new entries.
    const locks = [root, path.join(root, FOLDER_TEMP_DIR), path.join(root, 'blobs'), path.join(root, 'blobs', 'aa')].map(makeReadOnly);
    try {
      const err = await rejectionOf(b.put('blobs/bb/after', Buffer.from('y')));
      expect(err).toMatchObject({ code: 'SYNC_REMOTE', fault: 'not-writable', message: expect.stringContaining(`the folder ${root} is not writable`) });
      // Reading still works on a read-only folder.
      expect((await bodyToBuffer((await b.get('blobs/aa/before')).body)).toString()).toBe('x');
    } finally {
      for (const lock of locks.reverse()) lock.undo();
    }
    expect(listFilesRecursive(root)).toEqual(['blobs/aa/before']);
  });

  it('removes temp files older than a day (dead writers, or synced from another device), keeps recent ones', async () => {
    const root = makeTempDir('sync-sweep');
    const tmp = path.join(root, FOLDER_TEMP_DIR);
    mkdirSync(tmp);
    writeFileSync(path.join(tmp, '123-old'), 'x');
    writeFileSync(path.join(tmp, '123-new'), 'x');
    const old = new Date(Date.now() - 25 * 3600 * 1000);
    utimesSync(path.join(tmp, '123-old'), old, old);
    await openFolderBackend(root);
    expect(readdirSync(tmp)).toEqual(['123-new']);
  });

  it('removes at once the temp files of a writer on this machine that has ended, keeps those of live writers and other machines', async () => {
    const root = makeTempDir('sync-sweep-dead');
    const tmp = path.join(root, FOLDER_TEMP_DIR);
    mkdirSync(tmp);
    const ended = spawnSync(process.execPath, ['-e', '0']).pid!;
    const live = spawn('sleep', ['30']);
    try {
      const ours = newTempName();
      const asWriter = (pid: number) => ours.replace(`-${process.pid}-`, `-${pid}-`);
      const names = {
        ended: asWriter(ended),
        live: asWriter(live.pid!),
        self: ours,
        otherMachine: `0000ffff-${ended}-${'ab'.repeat(8)}`,
        olderFormat: `${ended}-${'cd'.repeat(8)}`,
      };
      expect(names.otherMachine.slice(0, 8)).not.toBe(ours.slice(0, 8));
      for (const name of Object.values(names)) writeFileSync(path.join(tmp, name), 'x');
      await openFolderBackend(root);
      expect(readdirSync(tmp).sort()).toEqual([names.live, names.self, names.otherMachine, names.olderFormat].sort());
    } finally {
      live.kill();
    }
  });
});
