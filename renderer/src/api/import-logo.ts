import type { ApiResult } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { LOGO_UPLOAD_MAX_BYTES } from '../../../shared/api/export-contract';
import type { CallApi } from './ingest-files';
import type { IngestCarrier } from './transport';

export type ImportedLogo = ApiResult<'watermarkPresets.importLogo'>;

/** Base64 of a file's bytes, in slices (String.fromCharCode with one argument per byte has a stack limit). */
async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A logo picked or dropped in the designer into the vault. Electron hands the engine the file's path,
 * as imports do; the browser shell has no paths, so the bytes go inside the call, which the contract
 * caps (the shell's JSON body limit), and a larger file is refused here with the limit in the message.
 */
export async function importLogo(carrier: IngestCarrier, call: CallApi, file: File): Promise<ImportedLogo> {
  if (carrier.kind === 'paths') {
    const path = carrier.pathForFile(file);
    if (path) return call('watermarkPresets.importLogo', { source: 'path', path });
    // A file that is not on disk (dragged from a web page): fall through and send its bytes.
  }
  if (file.size > LOGO_UPLOAD_MAX_BYTES) {
    throw new ApiError('INVALID_ARGUMENT', `the logo is ${Math.ceil(file.size / 1024)} KiB; here a logo can be at most ${LOGO_UPLOAD_MAX_BYTES / 1024} KiB (save a smaller PNG)`);
  }
  return call('watermarkPresets.importLogo', { source: 'data', name: file.name || 'logo', base64: await base64Of(file) });
}
