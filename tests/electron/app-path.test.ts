import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppFile } from '../../electron/main/app-path';

const root = mkdtempSync(path.join(os.tmpdir(), 'strongroom-renderer-'));
const inside = (file: string | null) => file !== null && !path.relative(root, file).startsWith('..') && !path.isAbsolute(path.relative(root, file));

describe('resolveAppFile (app:// → a file of the built renderer)', () => {
  it('maps paths inside the renderer folder', () => {
    expect(resolveAppFile(root, 'app://strongroom/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://strongroom/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://strongroom/assets/index-AbC123.js?v=1#x')).toBe(path.join(root, 'assets', 'index-AbC123.js'));
    expect(resolveAppFile(root, 'app://strongroom/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it.each([
    'app://strongroom/../../etc/passwd',
    'app://strongroom/assets/../../../etc/passwd',
    'app://strongroom/%2e%2e/%2e%2e/etc/passwd',
    'app://strongroom/.%2e/.%2e/etc/passwd',
  ])('keeps dot segments the URL parser folds inside the root: %s', (url) => {
    const file = resolveAppFile(root, url);
    expect(file === null || inside(file)).toBe(true);
    expect(file).not.toBe('/etc/passwd');
  });

  it.each([
    'app://strongroom/..%2f..%2fetc%2fpasswd',
    'app://strongroom/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://strongroom/assets%2f..%2f..%2f..%2fetc%2fpasswd',
    'app://strongroom/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://strongroom/..%5c..%5cWindows%5csystem.ini',
    'app://strongroom/assets\\..\\..\\secret',
    'app://strongroom/%2fetc%2fpasswd',
    'app://strongroom/C:%2fWindows%2fwin.ini',
    'app://strongroom/index.html%00.png',
    'app://strongroom/%E0%A4%A',
  ])('refuses encoded traversal and separators: %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  it.each(['app://other/index.html', 'app://strongroom.evil/index.html', 'https://strongroom/index.html', 'app://user:pw@strongroom/index.html', 'not a url'])(
    'refuses other origins: %s',
    (url) => {
      expect(resolveAppFile(root, url)).toBeNull();
    },
  );
});
