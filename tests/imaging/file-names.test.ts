import { describe, expect, it } from 'vitest';
import { isStrongroomError } from '../../electron/core/errors';
import {
  checkFileNameTemplate,
  FileNameSet,
  MAX_FILE_NAME_BYTES,
  renderFileName,
  safeFileName,
  truncateUtf8,
  type FileNameFields,
} from '../../electron/core/imaging/file-names';

const fields = (over: Partial<FileNameFields> = {}): FileNameFields => ({
  sku: 'SKU-1042',
  title: 'Red shoe',
  n: 3,
  version: 2,
  date: new Date(2025, 4, 7, 12),
  originalFilename: 'IMG_2291 client Müller.CR2.jpg',
  format: 'jpeg',
  ...over,
});

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** What every name must be, whatever went in. */
function expectSafe(name: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are what must not be there
  expect(name).not.toMatch(/[/\\:*?"<>|\u0000-\u001f\u007f-\u009f]/);
  expect(name).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\ufeff]/);
  expect(name).not.toMatch(/[. ]$/);
  expect(name).not.toMatch(/^[. ]/);
  expect(name.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/i);
  expect(name).toBe(name.normalize('NFC'));
  expect(bytes(name)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
  expect(name).not.toBe('');
}

describe('renderFileName', () => {
  it('fills the variables', () => {
    expect(renderFileName('{sku}_{n}.{ext}', fields())).toBe('SKU-1042_3.jpg');
    expect(renderFileName('{title} v{version} {date}.{ext}', fields())).toBe('Red shoe v2 2025-05-07.jpg');
    expect(renderFileName('{sku}.{ext}', fields({ format: 'webp' }))).toBe('SKU-1042.webp');
    expect(renderFileName('{sku}.{ext}', fields({ format: 'avif' }))).toBe('SKU-1042.avif');
    expect(renderFileName('{sku}.{ext}', fields({ format: 'png' }))).toBe('SKU-1042.png');
  });

  it('pads {n} to the width of the total so names sort in order', () => {
    expect(renderFileName('{sku}_{n}.{ext}', fields({ n: 7, total: 120 }))).toBe('SKU-1042_007.jpg');
    expect(renderFileName('{sku}_{n}.{ext}', fields({ n: 7 }))).toBe('SKU-1042_7.jpg');
  });

  it('never uses the original file name unless the template asks for it', () => {
    for (const template of ['{sku}_{n}.{ext}', '{title}.{ext}', '{sku}_{version}_{date}.{ext}']) {
      const name = renderFileName(template, fields());
      expect(name).not.toMatch(/IMG|Müller|CR2/);
    }
    expect(renderFileName('{original}.{ext}', fields())).toBe('IMG_2291 client Müller.CR2.jpg');
    expect(renderFileName('{original}.{ext}', fields({ originalFilename: 'C:\\Users\\ann\\DSC_1.tif' }))).toBe('DSC_1.jpg');
  });

  it('falls back when a field is empty', () => {
    expect(renderFileName('{sku}_{n}.{ext}', fields({ sku: null }))).toBe('Red shoe_3.jpg');
    expect(renderFileName('{sku}_{n}.{ext}', fields({ sku: '  ', title: '' }))).toBe('image_3.jpg');
    expect(renderFileName('{title}.{ext}', fields({ title: null }))).toBe('SKU-1042.jpg');
    expect(renderFileName('{title}.{ext}', fields({ title: null, sku: null }))).toBe('untitled.jpg');
    expect(renderFileName('{sku}.{ext}', fields({ title: null, sku: null }))).toBe('image.jpg');
    expect(renderFileName('{original}.{ext}', fields({ originalFilename: null }))).toBe('Red shoe.jpg');
  });

  it('adds the extension when the template leaves it out, and does not double it', () => {
    expect(renderFileName('{sku}', fields())).toBe('SKU-1042.jpg');
    expect(renderFileName('{sku}.jpg', fields())).toBe('SKU-1042.jpg');
    expect(renderFileName('{sku}.JPG', fields())).toBe('SKU-1042.jpg');
    expect(renderFileName('{sku}.jpg', fields({ format: 'webp' }))).toBe('SKU-1042.jpg.webp');
  });

  it('refuses unknown variables with the list of known ones', () => {
    try {
      renderFileName('{sku}_{colour}.{ext}', fields());
      expect.unreachable('unknown variable');
    } catch (err) {
      expect(isStrongroomError(err, 'INVALID_ARGUMENT')).toBe(true);
      expect((err as Error).message).toMatch(/\{colour\}.*\{sku\}.*\{original\}/);
    }
    expect(() => checkFileNameTemplate('  ')).toThrow(/cannot be empty/);
    expect(() => checkFileNameTemplate('{sku}_{n}.{ext}')).not.toThrow();
  });

  it('keeps values from making folders or escaping the export folder', () => {
    expect(renderFileName('{sku}.{ext}', fields({ sku: '../../etc/passwd' }))).toBe('_.._etc_passwd.jpg');
    expect(renderFileName('{title}.{ext}', fields({ title: 'a/b\\c:d*e?f"g<h>i|j' }))).toBe('a_b_c_d_e_f_g_h_i_j.jpg');
    expect(renderFileName('../{sku}/x.{ext}', fields())).toBe('_SKU-1042_x.jpg');
  });

  it('survives hostile templates and values', () => {
    const hostile = [
      ['{title}.{ext}', { title: 'CON' }],
      ['{title}.{ext}', { title: 'con.txt' }],
      ['{title}.{ext}', { title: 'LPT9 ' }],
      ['{title}.{ext}', { title: 'com¹' }],
      ['{title}.{ext}', { title: 'nul' }],
      ['AUX', {}],
      ['{title}.{ext}', { title: '...' }],
      ['{title}.{ext}', { title: ' . . ' }],
      ['{title}.{ext}', { title: '.hidden' }],
      ['{title}.{ext}', { title: 'trailing dots...' }],
      ['{title}.{ext}', { title: 'tab\there\nnewline\r\u0000nul\u0007bell\u007fdel\u0085nel' }],
      ['{title}.{ext}', { title: 'invoice\u202egpj.exe' }],
      ['{title}.{ext}', { title: 'zero\u200bwidth\ufeffbom' }],
      ['{title}.{ext}', { title: 'e\u0301cole' }],
      ['{title}.{ext}', { title: '東京'.repeat(200) }],
      ['{title}.{ext}', { title: '👩‍👩‍👧‍👦'.repeat(40) }],
      ['{title}.{ext}', { title: `${'a'.repeat(199)}.` }],
      ['{title}{title}{title}{title}.{ext}', { title: 'x'.repeat(150) }],
      ['{{sku}}', {}],
      ['', {}],
      ['.', {}],
      ['..', {}],
      ['/', {}],
      ['{ext}', {}],
      ['{n}', {}],
    ] as const;
    for (const [template, over] of hostile) {
      let name: string;
      try {
        name = renderFileName(template, fields(over));
      } catch (err) {
        // Only the empty template may be refused; everything else must give a name.
        expect(template.trim(), `"${template}" was refused: ${(err as Error).message}`).toBe('');
        continue;
      }
      expectSafe(name);
      expect(name.endsWith('.jpg'), name).toBe(true);
    }
    expect(renderFileName('{title}.{ext}', fields({ title: 'CON' }))).toBe('_CON.jpg');
    expect(renderFileName('{title}.{ext}', fields({ title: 'con.txt' }))).toBe('_con.txt.jpg');
    expect(renderFileName('{title}.{ext}', fields({ title: 'invoice\u202egpj.exe' }))).toBe('invoicegpj.exe.jpg');
    expect(renderFileName('{title}.{ext}', fields({ title: 'e\u0301cole' }))).toBe('\u00e9cole.jpg');
    expect(renderFileName('{title}.{ext}', fields({ title: '.hidden' }))).toBe('hidden.jpg');
    expect(renderFileName('{title}.{ext}', fields({ title: '...' }))).toBe('image.jpg');
    expect(renderFileName('{title}.{ext}', fields({ title: 'trailing dots...' }))).toBe('trailing dots.jpg');
    expect(renderFileName('{{sku}}', fields())).toBe('{SKU-1042}.jpg');
  });

  it('cuts long names to 200 bytes of UTF-8 without splitting a character, keeping the extension', () => {
    const name = renderFileName('{title}.{ext}', fields({ title: '東京'.repeat(200), format: 'webp' }));
    expect(bytes(name)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(bytes(name)).toBeGreaterThan(MAX_FILE_NAME_BYTES - 3);
    expect(name.endsWith('.webp')).toBe(true);
    expect(name).not.toContain('\ufffd');
    const family = renderFileName('{title}.{ext}', fields({ title: '👩‍👩‍👧‍👦'.repeat(40) }));
    expect([...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(family.slice(0, -4))].every((s) => s.segment === '👩‍👩‍👧‍👦')).toBe(true);
  });
});

describe('truncateUtf8 and safeFileName', () => {
  it('truncates at grapheme boundaries', () => {
    expect(truncateUtf8('abc', 10)).toBe('abc');
    expect(truncateUtf8('aé', 2)).toBe('a');
    expect(truncateUtf8('ae\u0301', 2)).toBe('a');
    expect(truncateUtf8('東京', 5)).toBe('東');
  });

  it('falls back to a stem when nothing is left', () => {
    expect(safeFileName('', 'jpg')).toBe('image.jpg');
    expect(safeFileName(' .. ', 'png')).toBe('image.png');
  });
});

describe('FileNameSet', () => {
  it('numbers duplicates within one export, ignoring case and Unicode normalisation', () => {
    const names = new FileNameSet();
    expect(names.take('Shoe.jpg')).toBe('Shoe.jpg');
    expect(names.take('Shoe.jpg')).toBe('Shoe (2).jpg');
    expect(names.take('shoe.JPG')).toBe('shoe (3).JPG');
    expect(names.take('Shoe (2).jpg')).toBe('Shoe (2) (2).jpg');
    expect(names.take('Other.jpg')).toBe('Other.jpg');
    expect(names.take('\u00e9.jpg')).toBe('\u00e9.jpg');
    expect(names.take('e\u0301.jpg')).toBe('e\u0301 (2).jpg');
  });

  it('keeps numbered names within the byte limit', () => {
    const names = new FileNameSet();
    const long = renderFileName('{title}.{ext}', fields({ title: '東京'.repeat(200) }));
    names.take(long);
    for (let k = 2; k <= 12; k += 1) {
      const next = names.take(long);
      expect(next.endsWith(` (${k}).jpg`)).toBe(true);
      expectSafe(next);
    }
  });
});
