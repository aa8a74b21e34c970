import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/electron/paths';

/**
 * `npm run dist` cannot run here (electron-builder downloads Electron), so the configuration is at least
 * loaded and validated by electron-builder's own code (app-builder-lib, its implementation package).
 */
describe('electron-builder.yml', () => {
  it('passes electron-builder 26 schema validation and packages the staged app with the required fuses', async () => {
    const config = await getConfig(repoRoot, path.join(repoRoot, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config).toMatchObject({
      appId: 'com.strongroom.app',
      productName: 'Strongroom',
      directories: { app: '.electron-native/app', output: 'out', buildResources: 'resources' },
      npmRebuild: false,
      electronFuses: {
        runAsNode: false,
        enableCookieEncryption: true,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
        grantFileProtocolExtraPrivileges: false,
      },
      linux: { target: ['AppImage', 'deb'], category: 'Graphics' },
      mac: { target: 'dmg', hardenedRuntime: true, category: 'public.app-category.photography' },
      win: { target: 'nsis' },
    });
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/sharp/**', 'node_modules/@img/**']));
  });

  it('the icons it points at exist at the sizes the platforms need', () => {
    const size = (file: string) => {
      const png = readFileSync(path.join(repoRoot, 'resources', file));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    expect(size('icon.png')).toEqual([1024, 1024]);
    for (const n of [16, 32, 48, 64, 128, 256, 512]) expect(size(`icons/${n}x${n}.png`)).toEqual([n, n]);
  });
});
