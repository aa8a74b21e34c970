import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiArgs } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { RightsState } from '../../shared/api/imaging-schemas';
import { installTransport } from '../../renderer/src/api';
import { useRights } from '../../renderer/src/stores/rights-store';
import { fakeTransport, type FakeTransport } from './helpers/fake-transport';

const stored: RightsState = {
  rights: {
    creator: 'Ada Studio',
    copyrightNotice: '© Ada Studio',
    creditLine: null,
    webStatement: null,
    licensorName: null,
    licensorUrl: null,
    licensorEmail: null,
    usageTerms: null,
    dataMining: 'prohibited-ai',
    otherConstraints: null,
  },
  shopName: null,
};

describe('rights store with a fake transport', () => {
  let transport: FakeTransport;
  let current: RightsState;
  const setCalls = () => transport.calls.filter((c) => c.method === 'rights.set').map((c) => c.args);

  beforeEach(async () => {
    useRights.getState().reset();
    current = structuredClone(stored);
    transport = fakeTransport({
      'rights.get': () => current,
      // As the engine does: only the named fields change.
      'rights.set': (args: ApiArgs<'rights.set'>) => {
        current = { rights: { ...current.rights, ...(args.rights as RightsState['rights']) }, shopName: args.shopName === undefined ? current.shopName : (args.shopName ?? null) };
        return current;
      },
    });
    installTransport(transport);
    await useRights.getState().load();
  });

  it('loads the profile as form text, and sends only what changed (empty clears)', async () => {
    const s = useRights.getState();
    expect(s.status).toBe('ready');
    expect(s.form).toMatchObject({ creator: 'Ada Studio', creditLine: '', dataMining: 'prohibited-ai', shopName: '' });

    s.change('creditLine', 'Photo: Ada Studio');
    s.change('copyrightNotice', '');
    s.change('dataMining', 'prohibited-genai');
    s.change('shopName', 'Ada’s Shop');
    expect(await useRights.getState().save()).toBe(true);
    expect(setCalls()).toEqual([{ rights: { creditLine: 'Photo: Ada Studio', copyrightNotice: null, dataMining: 'prohibited-genai' }, shopName: 'Ada’s Shop' }]);
    expect(useRights.getState().saved).toMatchObject({ copyrightNotice: '', creditLine: 'Photo: Ada Studio', shopName: 'Ada’s Shop' });

    // Nothing changed: nothing sent.
    expect(await useRights.getState().save()).toBe(true);
    expect(setCalls()).toHaveLength(1);
  });

  it('shows every invalid field at once without a round trip, and clears a field’s error as it is edited', async () => {
    const { change } = useRights.getState();
    change('webStatement', 'example.com/rights');
    change('licensorUrl', 'ftp://example.com');
    change('licensorEmail', 'ada at example');
    expect(await useRights.getState().save()).toBe(false);
    expect(setCalls()).toEqual([]);
    const errors = useRights.getState().fieldErrors;
    expect(Object.keys(errors).sort()).toEqual(['licensorEmail', 'licensorUrl', 'webStatement']);
    expect(errors.licensorUrl).toMatch(/^The licensor URL must be a web address/);

    change('webStatement', 'https://example.com/rights');
    expect(Object.keys(useRights.getState().fieldErrors).sort()).toEqual(['licensorEmail', 'licensorUrl']);
  });

  it('puts the engine’s refusal under its field; other failures under the form', async () => {
    transport.setHandler('rights.set', () => {
      throw new ApiError('INVALID_ARGUMENT', 'invalid arguments for rights.set: rights.usageTerms: must be at most 2000 characters');
    });
    useRights.getState().change('usageTerms', 'Editorial use only.');
    expect(await useRights.getState().save()).toBe(false);
    expect(useRights.getState().fieldErrors).toEqual({ usageTerms: 'Must be at most 2000 characters.' });

    transport.setHandler('rights.set', () => {
      throw new ApiError('VAULT_LOCKED', 'locked');
    });
    expect(await useRights.getState().save()).toBe(false);
    expect(useRights.getState().saveError).toBe('The vault is locked. Unlock it to continue.');
    expect(useRights.getState().saving).toBe(false);
  });

  it('says why the profile could not be read, and forgets it all on reset (lock)', async () => {
    transport.setHandler('rights.get', () => {
      throw new ApiError('VAULT_LOCKED', 'locked');
    });
    await useRights.getState().load();
    expect(useRights.getState()).toMatchObject({ status: 'failed', loadError: 'The vault is locked. Unlock it to continue.' });
    expect(await useRights.getState().save()).toBe(false);

    useRights.getState().reset();
    expect(useRights.getState()).toMatchObject({ status: 'idle', form: { creator: '' }, saved: { creator: '' } });
  });
});
