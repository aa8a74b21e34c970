import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { LOGO_UPLOAD_MAX_BYTES } from '../../shared/api/export-contract';
import { api, installTransport } from '../../renderer/src/api';
import { fakeTransport } from './helpers/fake-transport';

const imported = { logoBlob: 'c'.repeat(64), width: 10, height: 10, byteSize: 100 };
const uploadCarrier = { kind: 'upload', createUploadJob: () => Promise.resolve({}), uploadFile: () => Promise.resolve() } as const;

describe('api.importLogo', () => {
  it('sends a path in Electron, and the bytes (base64) when the file is not on disk or in a browser', async () => {
    const electron = fakeTransport({ 'watermarkPresets.importLogo': () => imported }, { kind: 'paths', pathForFile: (f) => (f.name === 'web.png' ? '' : `/home/me/${f.name}`) });
    installTransport(electron);
    await api.importLogo(new File([new Uint8Array([1, 2, 3])], 'logo.png'));
    await api.importLogo(new File([new Uint8Array([0xff, 0x00, 0x80])], 'web.png'));
    expect(electron.calls.map((c) => c.args)).toEqual([
      { source: 'path', path: '/home/me/logo.png' },
      { source: 'data', name: 'web.png', base64: '/wCA' },
    ]);

    const browser = fakeTransport({ 'watermarkPresets.importLogo': () => imported }, uploadCarrier);
    installTransport(browser);
    const bytes = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(await api.importLogo(new File([bytes], 'big.png'))).toEqual(imported);
    const sent = browser.calls[0]!.args as { base64: string };
    expect(Buffer.from(sent.base64, 'base64').equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses a logo over the browser limit before sending it, naming the limit', async () => {
    const browser = fakeTransport({ 'watermarkPresets.importLogo': () => imported }, uploadCarrier);
    installTransport(browser);
    const error = await api.importLogo(new File([new Uint8Array(LOGO_UPLOAD_MAX_BYTES + 1)], 'huge.png')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/at most 700 KiB/);
    expect(browser.calls).toEqual([]);
  });
});
