import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StrongroomError } from '../errors';

/**
 * The watermark font: DejaVu Sans Bold, shipped in resources/fonts with its licence (Bitstream Vera
 * licence; DejaVu's changes are public domain). Bold stays legible when a mark is small or faint.
 * Shipping the file (passed to Pango as `fontfile`) means a mark looks the same on every machine,
 * whatever fonts the system has; characters the font lacks (e.g. CJK) fall back to system fonts.
 *
 * Where resources/ is differs by shell: the repository root in development, the CLI and tests; the
 * Electron shell's resources folder in a packaged app (fonts must live outside the asar archive, since
 * libvips opens them with its own file I/O). The shell calls setImagingResourcesDir once at start-up.
 */
export const WATERMARK_FONT_FILE = 'DejaVuSans-Bold.ttf';
/** The Pango font description that selects that file's face. */
export const WATERMARK_FONT = 'DejaVu Sans Bold';

let configuredDir: string | null = null;

/** The folder holding `fonts/` (for Electron: process.resourcesPath, with fonts as extraResources). */
export function setImagingResourcesDir(dir: string | null): void {
  configuredDir = dir;
}

/** resources/ of this checkout, from this file's location (electron/core/imaging → ../../../resources). */
function repoResourcesDir(): string | null {
  try {
    const here = import.meta.url;
    if (typeof here !== 'string' || !here.startsWith('file:')) return null;
    return fileURLToPath(new URL('../../../resources', here));
  } catch {
    // Bundled as CommonJS, import.meta is empty: the shell must configure the folder.
    return null;
  }
}

/**
 * The font file's absolute path. An explicit `resourcesDir`, or else the configured one, is the only
 * place looked at (a shell that names its folder wants a clear error, not a font from elsewhere);
 * without either, the checkout's resources/ and then the working folder's.
 */
export function resolveFontFile(resourcesDir?: string): string {
  const explicit = resourcesDir ?? configuredDir;
  const dirs = explicit !== null ? [explicit] : [repoResourcesDir(), path.resolve('resources')].filter((d): d is string => d !== null);
  const candidates = [...new Set(dirs.map((d) => path.resolve(d, 'fonts', WATERMARK_FONT_FILE)))];
  const found = candidates.find((file) => existsSync(file));
  if (found) return found;
  throw new StrongroomError('NOT_FOUND', `the watermark font ${WATERMARK_FONT_FILE} was not found (looked in ${candidates.join(', ')})`);
}
