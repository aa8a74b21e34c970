import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../electron/main/external-url';

describe('isSafeExternalUrl (links handed to the OS browser)', () => {
  it('allows plain https links', () => {
    expect(isSafeExternalUrl('https://example.com/help?x=1#y')).toBe(true);
  });

  it.each([
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'app://strongroom/index.html',
    'https://user:pw@example.com/',
    'https:',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});
