import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildElectronBundles } from '../../scripts/electron/bundle';
import { RUNTIME_EXTERNALS } from '../../scripts/electron/externals';

const out = mkdtempSync(path.join(os.tmpdir(), 'strongroom-bundles-'));
// Not after "[": the AWS SDK's error text tells people to call [require("@aws-sdk/signature-v4-crt");] (a string, not a call).
const requiresOf = (file: string) => new Set([...readFileSync(path.join(out, file), 'utf8').matchAll(/(?<!\[)\brequire\("([^"]+)"\)/g)].map((m) => m[1]));

beforeAll(async () => {
  await buildElectronBundles({ production: true, outDir: out });
}, 60_000);

describe('Electron bundles (esbuild)', () => {
  it('the preload is one self-contained file that requires only electron (a sandboxed preload can load nothing else)', () => {
    expect([...requiresOf('preload.cjs')]).toEqual(['electron']);
  });

  it('the main bundle requires only electron, Node built-ins and the shipped native externals', () => {
    const allowed = new Set<string>(['electron', ...RUNTIME_EXTERNALS]);
    const required = [...requiresOf('main.cjs')] as string[];
    expect(required.filter((r) => !allowed.has(r) && !r.startsWith('node:'))).toEqual([]);
    // keytar is loaded with import() in the engine; it must become require() for asar-unpacked loading.
    expect(required).toEqual(expect.arrayContaining(['electron', 'better-sqlite3-multiple-ciphers', 'keytar', 'sharp']));
  });

  it('a production build carries no source maps', () => {
    expect(readFileSync(path.join(out, 'main.cjs'), 'utf8')).not.toMatch(/sourceMappingURL/);
  });
});
