import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import { getRightsProfile, getShopName, setShopName, shopForWatermark, updateRightsProfile } from '../../electron/core/catalog/rights-profile';
import { emptyRightsProfile } from '../../electron/core/imaging/types';
import { thrownBy } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';

function newCatalog() {
  const file = path.join(makeTempDir('rights'), 'catalog.db');
  const key = randomBytes(32);
  return { file, key, db: openCatalog(file, key, { create: true }) };
}

describe('rights profile', () => {
  it('reads as empty in a new vault, and round-trips every field through a reopen', () => {
    const { file, key, db } = newCatalog();
    expect(getRightsProfile(db)).toEqual(emptyRightsProfile);
    const profile = {
      creator: '  Zoë Šťastná  ',
      copyrightNotice: '© 2026 Zoë <Studio> & "Friends"',
      creditLine: 'Photo: Zoë / Atelier Ünal',
      webStatement: 'https://example.com/rights?a=1&b=2',
      licensorName: 'Atelier Ünal',
      licensorUrl: 'http://example.com/licensing',
      licensorEmail: 'licensing@example.com',
      usageTerms: 'Editorial use only.\nNo resale.',
      dataMining: 'prohibited-genai' as const,
      otherConstraints: 'Reservation of rights under Art. 4(3) DSM Directive.',
    };
    expect(updateRightsProfile(db, profile)).toEqual({ ...profile, creator: 'Zoë Šťastná' });
    db.close();
    const reopened = openCatalog(file, key);
    try {
      expect(getRightsProfile(reopened)).toEqual({ ...profile, creator: 'Zoë Šťastná' });
      // A patch changes only what it names; empty text and null both clear a field.
      const next = updateRightsProfile(reopened, { creditLine: '', usageTerms: null, creator: 'Zoe' });
      expect(next).toMatchObject({ creditLine: null, usageTerms: null, creator: 'Zoe', copyrightNotice: profile.copyrightNotice });
      expect(getRightsProfile(reopened)).toEqual(next);
    } finally {
      reopened.close();
    }
  });

  it.each([
    [{ webStatement: 'example.com/rights' }, /webStatement: the web statement of rights must be a web address/],
    [{ webStatement: 'javascript:alert(1)' }, /webStatement/],
    [{ licensorUrl: 'ftp://example.com' }, /licensorUrl: the licensor URL must be a web address/],
    [{ licensorEmail: 'not an email' }, /licensorEmail: the licensor email must look like/],
    [{ dataMining: 'no-robots' }, /dataMining/],
    [{ creator: 'Line one\nline two' }, /creator: must be one line/],
    [{ creator: 'bell\u0007' }, /creator: must not contain control characters/],
    [{ creator: 'x'.repeat(201) }, /creator: must be at most 200 characters/],
    [{ unknownField: 'x' }, /unknownField|unrecognized/i],
  ])('refuses %j with a clear INVALID_ARGUMENT and changes nothing', (patch, message) => {
    const { db } = newCatalog();
    try {
      updateRightsProfile(db, { creator: 'Kept' });
      const err = thrownBy(() => updateRightsProfile(db, { copyrightNotice: 'also not written', ...patch }));
      expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
      expect(getRightsProfile(db)).toEqual({ ...emptyRightsProfile, creator: 'Kept' });
    } finally {
      db.close();
    }
  });

  it('takes {shop} from the shop name, else from the creator', () => {
    const { db } = newCatalog();
    try {
      expect(shopForWatermark(db)).toBe('');
      updateRightsProfile(db, { creator: 'Atelier Ünal' });
      expect(shopForWatermark(db)).toBe('Atelier Ünal');
      expect(setShopName(db, ' Ünal Shop ')).toBe('Ünal Shop');
      expect(shopForWatermark(db)).toBe('Ünal Shop');
      expect(setShopName(db, '')).toBeNull();
      expect(getShopName(db)).toBeNull();
      expect(shopForWatermark(db)).toBe('Atelier Ünal');
    } finally {
      db.close();
    }
  });
});
