import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { numberedName } from '../../electron/core/imaging/file-names';
import { removeStalePartials, writeExportFile } from '../../electron/core/export/output-file';
import { rejectionOf } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';

describe('export output files', () => {
  it('writes the whole file under its name, 0600, with no temp file left', async () => {
    const dir = makeTempDir('out');
    const data = Buffer.alloc(300_000, 7);
    const written = await writeExportFile(dir, 'SKU-1_1.jpg', data);
    expect(written).toEqual({ name: 'SKU-1_1.jpg', path: path.join(dir, 'SKU-1_1.jpg'), bytes: data.length });
    expect(readFileSync(written.path).equals(data)).toBe(true);
    expect(statSync(written.path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['SKU-1_1.jpg']);
  });

  it('never replaces an existing file: the next free name is used', async () => {
    const dir = makeTempDir('out');
    writeFileSync(path.join(dir, 'a.jpg'), 'keep me');
    writeFileSync(path.join(dir, 'a (2).jpg'), 'keep me too');
    const written = await writeExportFile(dir, 'a.jpg', Buffer.from('new'));
    expect(written.name).toBe('a (3).jpg');
    expect(readFileSync(path.join(dir, 'a.jpg'), 'utf8')).toBe('keep me');
    expect(readFileSync(path.join(dir, 'a (2).jpg'), 'utf8')).toBe('keep me too');
    expect(readFileSync(written.path, 'utf8')).toBe('new');
    // Two writers racing for one name both succeed, under different names.
    const [x, y] = await Promise.all([writeExportFile(dir, 'b.png', Buffer.from('x')), writeExportFile(dir, 'b.png', Buffer.from('y'))]);
    expect(new Set([x.name, y.name])).toEqual(new Set(['b.png', 'b (2).png']));
    expect(readdirSync(dir).filter((n) => n.includes('.partial-'))).toEqual([]);
  });

  it('names alternatives before the extension', () => {
    expect(numberedName('photo.jpg', 1)).toBe('photo.jpg');
    expect(numberedName('photo.jpg', 2)).toBe('photo (2).jpg');
    expect(numberedName('archive.tar.webp', 3)).toBe('archive.tar (3).webp');
    expect(numberedName('noext', 2)).toBe('noext (2)');
    expect(numberedName('.hidden', 2)).toBe('.hidden (2)');
    // The suffix never takes a name past the 200-byte limit.
    expect(Buffer.byteLength(numberedName(`${'é'.repeat(99)}x.jpg`, 12))).toBeLessThanOrEqual(200);
  });

  it('a cancelled write leaves nothing behind', async () => {
    const dir = makeTempDir('out');
    const abort = new AbortController();
    abort.abort();
    expect(await rejectionOf(writeExportFile(dir, 'x.jpg', Buffer.alloc(10), abort.signal))).toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failed write (folder gone) leaves nothing behind and says why', async () => {
    const dir = path.join(makeTempDir('out'), 'missing');
    expect(await rejectionOf(writeExportFile(dir, 'x.jpg', Buffer.alloc(10)))).toMatchObject({ code: 'ENOENT' });
  });

  it('removes partial files of dead exports, and only those', async () => {
    const dir = makeTempDir('out');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = `.photo.jpg.partial-${dead}-0123456789abcdef`;
    const live = `.photo.jpg.partial-${process.pid}-0123456789abcdef`;
    for (const name of [stale, live, 'photo.jpg', '.partial-notours', '.photo.jpg.partial-x-0123456789abcdef']) writeFileSync(path.join(dir, name), '');
    expect(await removeStalePartials(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([live, '.partial-notours', '.photo.jpg.partial-x-0123456789abcdef', 'photo.jpg'].sort());
  });
});
