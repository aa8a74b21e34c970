import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/index';
import { emptyRightsProfile } from '../../electron/core/imaging/types';
import { expectOneCleanErrorLine, runCliCaptured } from '../helpers/cli';
import { createSuiteVault, type SuiteVault } from '../helpers/vault';

const core = createCore({ keychain: null });
let tv: SuiteVault;
const onVault = (args: string[]) => runCliCaptured(core, ['--vault', tv.dir, '--recovery-key-stdin', ...args], [tv.recoveryKey]);

beforeAll(async () => {
  tv = await createSuiteVault('rights-cli');
  tv.vault.close();
});
afterAll(() => tv.dispose());

describe('strongroom rights', () => {
  it('show on a new vault lists every field as unset', async () => {
    const run = await onVault(['rights', 'show', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ rights: emptyRightsProfile, shopName: null });
    const text = await onVault(['rights', 'show']);
    expect(text.stdout).toMatch(/^Creator:\s+-$/m);
    expect(text.stdout).toMatch(/^Data mining:\s+-$/m);
  });

  it('set writes the given fields, show reads them back exactly; "" clears one', async () => {
    const set = await onVault([
      'rights',
      'set',
      '--creator',
      'Zoë Ünal',
      '--copyright',
      '© 2026 Zoë <Atelier> & "Co"',
      '--credit',
      'Photo: Zoë',
      '--web-statement',
      'https://example.com/rights',
      '--licensor-name',
      'Atelier Ünal',
      '--licensor-url',
      'https://example.com/licence',
      '--licensor-email',
      'licence@example.com',
      '--usage-terms',
      'Editorial use only',
      '--data-mining',
      'prohibited-genai',
      '--other-constraints',
      'No text and data mining (Art. 4 DSM)',
      '--shop',
      'Ünal Shop',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/Rights profile saved/);
    const expected = {
      creator: 'Zoë Ünal',
      copyrightNotice: '© 2026 Zoë <Atelier> & "Co"',
      creditLine: 'Photo: Zoë',
      webStatement: 'https://example.com/rights',
      licensorName: 'Atelier Ünal',
      licensorUrl: 'https://example.com/licence',
      licensorEmail: 'licence@example.com',
      usageTerms: 'Editorial use only',
      dataMining: 'prohibited-genai',
      otherConstraints: 'No text and data mining (Art. 4 DSM)',
    };
    expect(JSON.parse((await onVault(['rights', 'show', '--json'])).stdout)).toEqual({ rights: expected, shopName: 'Ünal Shop' });
    const text = (await onVault(['rights', 'show'])).stdout;
    expect(text).toMatch(/^Data mining:\s+prohibited-genai \(prohibited for generative AI\/ML training\)$/m);
    expect(text).toMatch(/^Shop name \(\{shop\}\):\s+Ünal Shop$/m);

    const cleared = await onVault(['rights', 'set', '--credit', '', '--data-mining', '', '--json']);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(JSON.parse(cleared.stdout)).toEqual({ rights: { ...expected, creditLine: null, dataMining: null }, shopName: 'Ünal Shop' });
  });

  it.each([
    [['--web-statement', 'example.com'], /--web-statement: the web statement of rights must be a web address starting with http/],
    [['--licensor-url', 'mailto:a@b.c'], /--licensor-url: the licensor URL must be a web address/],
    [['--licensor-email', 'nobody'], /--licensor-email: the licensor email must look like name@example.com/],
    [['--data-mining', 'please-no'], /--data-mining must be one of: unspecified, allowed, prohibited-ai, prohibited-genai/],
    [['--creator', 'x'.repeat(300)], /--creator: must be at most 200 characters/],
  ])('set %j is refused with one line, exit 2, and changes nothing', async (options, message) => {
    const before = (await onVault(['rights', 'show', '--json'])).stdout;
    const run = await onVault(['rights', 'set', '--creator', 'Not saved', ...options]);
    expect(run.code).toBe(2);
    expectOneCleanErrorLine(run, message);
    expect((await onVault(['rights', 'show', '--json'])).stdout).toBe(before);
  });

  it('set without any field, or an unknown subcommand, is bad usage', async () => {
    for (const args of [['rights', 'set'], ['rights', 'frob'], ['rights']]) {
      const run = await onVault(args);
      expect(run.code, args.join(' ')).toBe(2);
      expectOneCleanErrorLine(run, /usage: strongroom rights/);
    }
  });
});
