import { StrongroomError } from '../errors';
import { extensionFor } from './encode';
import type { RenditionFormat } from './types';

/**
 * Names of exported files, from a template such as `{sku}_{n}.{ext}`, safe on every OS the file may
 * travel to: no path separators or characters Windows refuses, no control or direction-override
 * characters, no trailing dots or spaces, no reserved device names (CON, NUL, COM1…), NFC, at most 200
 * bytes of UTF-8 with the extension kept, unique within one export. The original file name appears
 * only through {original}: a file name can give away a client, a place or a camera.
 */

export const FILE_NAME_VARIABLES = ['sku', 'title', 'n', 'ext', 'version', 'date', 'original'] as const;
export type FileNameVariable = (typeof FILE_NAME_VARIABLES)[number];

export const DEFAULT_FILE_NAME_TEMPLATE = '{sku}_{n}.{ext}';
/** Below every common filesystem's 255-byte limit, leaving room for " (12)" and temp-file prefixes. */
export const MAX_FILE_NAME_BYTES = 200;
/** What a name falls back to when everything in it turned out empty. */
export const FALLBACK_STEM = 'image';

export interface FileNameFields {
  sku: string | null;
  title: string | null;
  /** Position in the export, from 1. */
  n: number;
  /** Number of files in the export: {n} is zero-padded to its width so names sort in order. */
  total?: number;
  version: number;
  /** What {date} stands for (normally the day of the export), written YYYY-MM-DD in local time. */
  date: Date;
  /** The name the original was imported under; used only by {original}. */
  originalFilename: string | null;
  format: RenditionFormat;
}

const VARIABLE = /\{([A-Za-z]+)\}/g;

/** Throws INVALID_ARGUMENT naming the first unknown variable; the API checks templates with this before saving them. */
export function checkFileNameTemplate(template: string): void {
  if (template.trim() === '') throw new StrongroomError('INVALID_ARGUMENT', 'a file-name template cannot be empty');
  for (const m of template.matchAll(VARIABLE)) {
    if (!(FILE_NAME_VARIABLES as readonly string[]).includes(m[1]!)) {
      throw new StrongroomError(
        'INVALID_ARGUMENT',
        `unknown variable {${m[1]}} in the file-name template; use ${FILE_NAME_VARIABLES.map((v) => `{${v}}`).join(' ')}`,
      );
    }
  }
}

const blank = (s: string | null | undefined): s is null | undefined => s === null || s === undefined || s.trim() === '';

/** The local calendar date, YYYY-MM-DD: what a person means by "today" in a file name or a mark. */
export function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The original's name without folders (either separator) or extension. */
function originalStem(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function valueOf(variable: FileNameVariable, f: FileNameFields): string {
  switch (variable) {
    case 'sku':
      return !blank(f.sku) ? f.sku : !blank(f.title) ? f.title : FALLBACK_STEM;
    case 'title':
      return !blank(f.title) ? f.title : !blank(f.sku) ? f.sku : 'untitled';
    case 'n':
      return String(f.n).padStart(f.total !== undefined ? String(f.total).length : 1, '0');
    case 'ext':
      return extensionFor(f.format);
    case 'version':
      return String(f.version);
    case 'date':
      return localDate(f.date);
    case 'original': {
      const stem = f.originalFilename ? originalStem(f.originalFilename) : '';
      return !blank(stem) ? stem : !blank(f.title) ? f.title : FALLBACK_STEM;
    }
  }
}

const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f]/g;
/**
 * Invisible characters that can disguise a name (U+202E turns "gpj.exe" around) or hide in it. The
 * zero-width joiner and non-joiner stay: emoji sequences and several scripts need them.
 */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** Windows refuses these as a name's first part (before any dot), in any case, whatever follows. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

function cleanPart(text: string): string {
  return text
    .normalize('NFC')
    .replace(WHITESPACE_CONTROLS, ' ')
    .replace(INVISIBLE, '')
    .replace(FORBIDDEN, '_')
    .replace(/ {2,}/g, ' ');
}

/** Cuts to at most `max` bytes of UTF-8 without splitting a character or a grapheme (an accent, an emoji sequence). */
export function truncateUtf8(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let bytes = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const b = Buffer.byteLength(segment);
    if (bytes + b > max) break;
    out += segment;
    bytes += b;
  }
  return out;
}

const trimStem = (stem: string) => stem.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');

/** `stem.ext`, made safe, within `maxBytes`; `ext` must already be safe (jpg, webp, avif, png). */
export function safeFileName(stem: string, ext: string, maxBytes = MAX_FILE_NAME_BYTES): string {
  let s = trimStem(cleanPart(stem));
  if (s === '') s = FALLBACK_STEM;
  const first = s.split('.')[0]!.replace(/[\s.]+$/, '');
  if (RESERVED.test(first)) s = `_${s}`;
  s = trimStem(truncateUtf8(s, maxBytes - Buffer.byteLength(ext) - 1));
  return `${s === '' ? FALLBACK_STEM : s}.${ext}`;
}

/** The file name for one exported image (unique within the export only via FileNameSet). */
export function renderFileName(template: string, fields: FileNameFields): string {
  checkFileNameTemplate(template);
  const ext = extensionFor(fields.format);
  // Each value is cleaned on its own first, so a SKU like "A/B" cannot make a folder or eat a separator.
  const name = cleanPart(template.replace(VARIABLE, (_, v: FileNameVariable) => cleanPart(valueOf(v, fields))));
  const suffix = `.${ext}`;
  const stem = name.toLowerCase().endsWith(suffix) ? name.slice(0, -suffix.length) : name;
  return safeFileName(stem, ext);
}

/**
 * Names already given in one export. Windows and macOS compare names case-insensitively (and macOS
 * regardless of Unicode normalisation), so "Shoe.jpg" and "shoe.jpg" collide: the second becomes
 * "shoe (2).jpg".
 */
export class FileNameSet {
  private readonly used = new Set<string>();

  private static key(name: string): string {
    return name.normalize('NFC').toLowerCase();
  }

  has(name: string): boolean {
    return this.used.has(FileNameSet.key(name));
  }

  /** `name`, or the first free "stem (k).ext", recorded as used. */
  take(name: string): string {
    let candidate = name;
    for (let k = 2; this.has(candidate); k += 1) candidate = numberedName(name, k);
    this.used.add(FileNameSet.key(candidate));
    return candidate;
  }
}

/**
 * The k-th choice for a name that is taken: `photo (k).jpg` (`photo.jpg` itself for k ≤ 1), the stem
 * shortened so the result stays within the name limit. Used within one export and against the folder.
 */
export function numberedName(name: string, k: number): string {
  if (k <= 1) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [name, ''];
  const suffix = ` (${k})`;
  const room = MAX_FILE_NAME_BYTES - Buffer.byteLength(suffix) - (ext ? Buffer.byteLength(ext) + 1 : 0);
  // Only the end is trimmed: a cut must not leave a trailing dot or space before the suffix.
  const base = `${truncateUtf8(stem, room).replace(/[\s.]+$/, '') || FALLBACK_STEM}${suffix}`;
  return ext ? `${base}.${ext}` : base;
}
