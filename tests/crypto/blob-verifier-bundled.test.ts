import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { encryptBlob, HEADER_BYTES, RECORD_BYTES } from '../../electron/core/crypto/blob-format';
import { mainBundleOptions } from '../../scripts/electron/bundle';

/**
 * The verifier thread's source embeds blob-record.ts's functions as their own text, so it must still
 * work after the app's build has minified them (renamed locals, rewritten syntax). This bundles the
 * verifier with the main bundle's own options (scripts/electron/bundle.ts, production: minified CommonJS)
 * and runs it under plain Node on real files.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'strongroom-verifier-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the verifier thread in a minified bundle', () => {
  it('passes a sound blob and refuses a damaged one with the decryptor’s verdict', async () => {
    const bundle = path.join(dir, 'verifier.cjs');
    await build({
      ...mainBundleOptions(true),
      entryPoints: [path.resolve('electron/core/crypto/blob-verifier.ts')],
      outfile: bundle,
      logLevel: 'silent',
    });
    const key = randomBytes(32);
    const sound = encryptBlob(key, randomBytes(3 * 65536 + 11));
    const damaged = Buffer.from(sound);
    damaged[HEADER_BYTES + RECORD_BYTES + 9]! ^= 0x10;
    const badMagic = Buffer.from(sound);
    badMagic[0] = 0x41;
    const files = { sound, damaged, badMagic };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
    const script = `
      const { BlobVerifier } = require(${JSON.stringify(bundle)});
      const v = new BlobVerifier(Buffer.from(${JSON.stringify(key.toString('hex'))}, 'hex'), 1);
      const verdict = (f) => v.verify(${JSON.stringify(dir)} + '/' + f).then(() => 'ok', (e) => e.fault + ' ' + e.chunk + ' ' + e.message);
      Promise.all(${JSON.stringify(Object.keys(files))}.map(verdict)).then((r) => { console.log(JSON.stringify(r)); v.close(); });
    `;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(['ok', 'auth-failed 1 blob chunk 1 failed authentication', 'bad-magic undefined not a Strongroom blob (bad magic)']);
  });
});
