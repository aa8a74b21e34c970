import { describe, expect, it } from 'vitest';
import { electronMediaUrl } from '../../shared/api/bridge';
import { parseMediaUrl } from '../../electron/main/media-url';

const id = '0123456789ab';

describe('parseMediaUrl (strongroom-media://<kind>/<versionId>)', () => {
  it('accepts the URLs the renderer builds', () => {
    expect(parseMediaUrl(electronMediaUrl('thumb', id))).toEqual({ kind: 'thumb', versionId: id });
    expect(parseMediaUrl(electronMediaUrl('preview', id))).toEqual({ kind: 'preview', versionId: id });
  });

  it.each(['original', 'blob', 'THUMB-', '', '..', 'thumb.evil'])('refuses the kind %j', (kind) => {
    expect(parseMediaUrl(`strongroom-media://${kind}/${id}`)).toBeNull();
  });

  it.each([
    '0123456789a', // too short
    '0123456789abc', // too long
    '0123456789aI', // I is not in the id alphabet
    '0123456789AB', // upper case
    '../vault.json',
    '..%2fvault.json',
    '%2e%2e',
    `${id}/extra`,
    `${id}%2f`,
    `${id}%00`,
    '',
  ])('refuses the id %j', (versionId) => {
    expect(parseMediaUrl(`strongroom-media://thumb/${versionId}`)).toBeNull();
  });

  it.each([
    `strongroom-media://thumb/${id}?size=9999`,
    `strongroom-media://thumb/${id}#x`,
    `strongroom-media://user@thumb/${id}`,
    `strongroom-media://thumb:81/${id}`,
    `app://thumb/${id}`,
    `https://thumb/${id}`,
    'strongroom-media://thumb',
    'strongroom-media:thumb/0123456789ab',
    'garbage',
  ])('refuses anything else: %s', (url) => {
    expect(parseMediaUrl(url)).toBeNull();
  });
});
