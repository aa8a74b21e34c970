import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiArgs } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { SharePolicy, ShareSummary } from '../../shared/api/share-contract';
import { installTransport } from '../../renderer/src/api';
import { connectStores } from '../../renderer/src/stores/connect-stores';
import { useShare } from '../../renderer/src/stores/share-store';
import { sortShares, useShares } from '../../renderer/src/stores/shares-store';
import { useToasts } from '../../renderer/src/stores/toast-store';
import { useVault } from '../../renderer/src/stores/vault-store';
import { idFor } from './helpers/assets';
import { fakeTransport, settle, type FakeTransport } from './helpers/fake-transport';

const URL_ = 'http://127.0.0.1:8491/s/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdE';
const ids = [idFor(1), idFor(2)];
const policy: SharePolicy = { expiry: '1d', maxViews: null, maxDownloads: null, viewOnly: false, renditionPresetId: 'builtin-web', watermarkPresetId: null, terms: null };

function summary(n: number, change: Partial<ShareSummary> = {}): ShareSummary {
  return {
    id: idFor(100 + n),
    state: 'active',
    createdAt: 1_000 * n,
    expiresAt: 10_000_000,
    revokedAt: null,
    lastAccessAt: null,
    recipient: { name: `Recipient ${n}`, company: null, email: null },
    assetCount: 1,
    views: 0,
    maxViews: null,
    downloads: 0,
    maxDownloads: null,
    viewOnly: false,
    hasPassword: false,
    hasTerms: false,
    note: null,
    renditionPresetId: 'builtin-web',
    watermarkPresetId: null,
    ...change,
  };
}

function created(args: ApiArgs<'shares.create'>) {
  return { id: idFor(100), url: URL_, expiresAt: 5_000, serving: true, share: summary(0, { assetCount: args.assetIds.length }) };
}

const createCalls = (t: FakeTransport) => t.calls.filter((c) => c.method === 'shares.create').map((c) => c.args as ApiArgs<'shares.create'>);

describe('share store (the Share dialog) with a fake transport', () => {
  let transport: FakeTransport;
  let drafts: boolean;

  beforeEach(() => {
    useShare.getState().reset();
    drafts = false;
    transport = fakeTransport({
      'shares.create': (args: ApiArgs<'shares.create'>) => {
        if (drafts && !args.allowDrafts) throw new ApiError('NOT_APPROVED', 'asset "x" has no approved version (its current one is draft); share drafts only by choice (allowDrafts)');
        return created(args);
      },
      'shares.getPolicy': () => policy,
      'shares.setPolicy': (args: ApiArgs<'shares.setPolicy'>) => args.policy,
    });
    installTransport(transport);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('one click: the default policy (no options sent), the link copied to the clipboard', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    await useShare.getState().start(ids);
    expect(createCalls(transport)).toEqual([{ assetIds: ids }]);
    expect(useShare.getState()).toMatchObject({ phase: 'created', link: { url: URL_, serving: true }, copy: 'copied' });
    expect(writeText).toHaveBeenCalledWith(URL_);
  });

  it('a refused clipboard is reported, so the dialog shows the link selected for copying by hand', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new DOMException('Document is not focused.', 'NotAllowedError')) } });
    await useShare.getState().start(ids);
    expect(useShare.getState()).toMatchObject({ phase: 'created', copy: 'refused' });
    vi.stubGlobal('navigator', {});
    await useShare.getState().copyAgain();
    expect(useShare.getState().copy).toBe('refused');
  });

  it('drafts stop at a warning; "share anyway" repeats the attempt with drafts allowed', async () => {
    drafts = true;
    await useShare.getState().start(ids);
    expect(useShare.getState()).toMatchObject({ phase: 'drafts', link: null });
    expect(useShare.getState().draftMessage).toMatch(/approved/);
    await useShare.getState().shareAnyway();
    expect(createCalls(transport)).toEqual([{ assetIds: ids }, { assetIds: ids, allowDrafts: true }]);
    expect(useShare.getState().phase).toBe('created');
  });

  it('Adjust: the form starts from the policy; bad fields stay local; the options are sent; the engine’s field error lands on its field', async () => {
    useShare.setState({ assetIds: ids });
    await useShare.getState().adjust();
    expect(useShare.getState()).toMatchObject({ phase: 'adjusting', form: { expiry: '1d', renditionPresetId: 'builtin-web' } });
    useShare.getState().setForm({ maxViews: 'lots' });
    await useShare.getState().createAdjusted();
    expect(useShare.getState().fieldErrors).toHaveProperty('maxViews');
    expect(createCalls(transport)).toEqual([]);

    useShare.getState().setForm({ maxViews: '3', expiry: 'never', password: 'pw', recipientName: ' Ada ' });
    expect(useShare.getState().fieldErrors).toEqual({});
    await useShare.getState().createAdjusted();
    expect(createCalls(transport)[0]).toMatchObject({ assetIds: ids, options: { expiry: { kind: 'never' }, maxViews: 3, password: 'pw', recipient: { name: 'Ada' } } });
    transport.setHandler('shares.create', () => {
      throw new ApiError('INVALID_ARGUMENT', 'invalid arguments for shares.create: options.recipient.email: an e-mail address');
    });
    useShare.setState({ phase: 'adjusting' });
    await useShare.getState().createAdjusted();
    expect(useShare.getState()).toMatchObject({ phase: 'adjusting', fieldErrors: { recipientEmail: 'An e-mail address.' } });
  });

  it('Save as default sends only what a policy holds, and refuses "never"', async () => {
    await useShare.getState().adjust();
    useShare.getState().setForm({ expiry: 'never' });
    await useShare.getState().saveAsDefault();
    expect(useShare.getState().fieldErrors).toHaveProperty('expiry');
    useShare.getState().setForm({ expiry: '7d', maxDownloads: '2', password: 'not in a policy' });
    await useShare.getState().saveAsDefault();
    expect(transport.calls.filter((c) => c.method === 'shares.setPolicy').map((c) => c.args)).toEqual([{ policy: { ...policy, expiry: '7d', maxDownloads: 2 } }]);
    expect(useShare.getState().policyMessage).toMatch(/^Saved/);
  });

  it('an answer arriving after the dialog closed (reset) changes nothing', async () => {
    let answer!: (v: unknown) => void;
    transport.setHandler('shares.create', () => new Promise((resolve) => (answer = resolve)));
    const pending = useShare.getState().start(ids);
    await settle();
    useShare.getState().reset();
    answer(created({ assetIds: ids }));
    await pending;
    expect(useShare.getState()).toMatchObject({ phase: 'idle', link: null });
  });
});

describe('shares store (the Shares screen) with a fake transport', () => {
  let transport: FakeTransport;
  let list: ShareSummary[];
  let disconnect: () => void = () => undefined;

  beforeEach(() => {
    disconnect();
    useShares.getState().reset();
    useToasts.getState().clear();
    list = [summary(1), summary(2, { lastAccessAt: 50_000 }), summary(3, { lastAccessAt: 20_000 })];
    transport = fakeTransport({
      'shares.list': () => list,
      'shares.get': (args: ApiArgs<'shares.get'>) => ({ ...list.find((s) => s.id === args.id)!, terms: null, assets: [], log: [], logTotal: 0 }),
      'shares.revoke': (args: ApiArgs<'shares.revoke'>) => {
        list = list.map((s) => (s.id === args.id ? { ...s, state: 'revoked' as const, revokedAt: 9 } : s));
        return list.find((s) => s.id === args.id)!;
      },
      'shares.extend': () => {
        throw new ApiError('CONFLICT', 'this share was revoked; a revoked link cannot be extended (make a new one)');
      },
      'shares.delete': (args: ApiArgs<'shares.delete'>) => {
        list = list.filter((s) => s.id !== args.id);
        return { ok: true };
      },
    });
    installTransport(transport);
    useVault.setState({ vault: { state: 'unlocked', dir: '/v', vaultId: 'v', unlock: null, idleLockMinutes: 15 }, connection: 'ready' });
    disconnect = connectStores();
  });

  it('sorts by creation (newest first) or by last access (never-opened last)', () => {
    expect(sortShares(list, 'created').map((s) => s.recipient.name)).toEqual(['Recipient 3', 'Recipient 2', 'Recipient 1']);
    expect(sortShares(list, 'lastAccess').map((s) => s.recipient.name)).toEqual(['Recipient 2', 'Recipient 3', 'Recipient 1']);
  });

  it('revokes, deletes and shows a refused change next to the buttons', async () => {
    await useShares.getState().refresh();
    await useShares.getState().select(list[0]!.id);
    expect(useShares.getState().detail?.id).toBe(list[0]!.id);
    expect(await useShares.getState().revoke(list[0]!.id)).toBe(true);
    expect(useShares.getState().list[0]).toMatchObject({ state: 'revoked' });
    expect(useShares.getState().detail).toMatchObject({ state: 'revoked' });
    expect(await useShares.getState().extend(list[0]!.id, { kind: 'in', preset: '1d' })).toBe(false);
    expect(useShares.getState().actionError).toMatch(/^This share was revoked/);
    const gone = list[0]!.id;
    expect(await useShares.getState().remove(gone)).toBe(true);
    expect(useShares.getState()).toMatchObject({ selectedId: null, detail: null });
    expect(useShares.getState().list.map((s) => s.id)).not.toContain(gone);
  });

  it('follows shares.changed events while loaded, and announces a first opening with a toast', async () => {
    transport.emit('shares.changed', { shareIds: [list[1]!.id] });
    await settle();
    expect(transport.calls.filter((c) => c.method === 'shares.list')).toHaveLength(0);
    await useShares.getState().refresh();
    await useShares.getState().select(list[1]!.id);
    list = list.map((s, i) => (i === 1 ? { ...s, views: 4 } : s));
    transport.emit('shares.changed', { shareIds: [list[1]!.id] });
    await settle();
    expect(useShares.getState().list.find((s) => s.id === list[1]!.id)?.views).toBe(4);
    expect(useShares.getState().detail?.views).toBe(4);

    transport.emit('shares.opened', { shareId: list[1]!.id, at: 1, recipientName: 'Ada Buyer' });
    expect(useToasts.getState().toasts.map((t) => t.title)).toEqual(['Ada Buyer opened your link']);
    // Locked: no toast stays behind in the locked window.
    useVault.setState({ vault: { state: 'locked', dir: '/v', vaultId: 'v', unlock: null, idleLockMinutes: 15 } });
    transport.emit('shares.opened', { shareId: list[1]!.id, at: 2, recipientName: null });
    expect(useToasts.getState().toasts).toHaveLength(1);
  });
});
