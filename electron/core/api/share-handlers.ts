import { StrongroomError } from '../errors';
import { createShare } from '../share/create-share';
import { deleteShare } from '../share/share-cleanup';
import { changeShare, getShare, listShares, revokeShare } from '../share/share-rows';
import type { ShareService } from '../share/share-service';
import { getSharePolicy, getShareServerSettings, setSharePolicy, setShareServerSettings } from '../share/share-settings';
import type { ApiEvents } from './events';
import type { HandlerMap } from './handler-map';
import type { Session } from './session';
import { expiryInstant, lastAccessByShare, optionsFromContract, optionsFromPolicy, summaryOf, toShareDetail, toShareSummary } from './share-view';

type ShareMethods =
  | 'shares.create'
  | 'shares.list'
  | 'shares.get'
  | 'shares.revoke'
  | 'shares.extend'
  | 'shares.change'
  | 'shares.delete'
  | 'shares.getPolicy'
  | 'shares.setPolicy'
  | 'shareServer.get'
  | 'shareServer.set';

/** Share links from the app: made with the default policy or every option, managed on the Shares screen, and the server's settings. */
export function createShareHandlers(session: Session, service: ShareService, events: ApiEvents): HandlerMap<ShareMethods> {
  const db = () => session.requireVault().db;
  // Other windows (and the Shares screen of this one) refresh on this, as on a recipient's request.
  const changed = (id: string) => events.emit('shares.changed', { shareIds: [id] });
  const serverState = () => ({ settings: getShareServerSettings(db()), status: service.status() });

  return {
    'shares.create': async ({ assetIds, options, allowDrafts }) => {
      const vault = session.requireVault();
      const chosen = options === undefined ? optionsFromPolicy(getSharePolicy(vault.db)) : optionsFromContract(options);
      const now = Date.now();
      const { share, token } = await createShare(vault, { ...chosen, assetIds, allowDrafts: allowDrafts === true }, now);
      const link = service.linkFor(token, getShareServerSettings(vault.db));
      changed(share.id);
      return { id: share.id, url: link.url, expiresAt: share.expiresAt, serving: link.serving, share: toShareSummary(share, null, now) };
    },
    'shares.list': async () => {
      const database = db();
      const now = Date.now();
      const last = lastAccessByShare(database);
      return listShares(database).map((s) => toShareSummary(s, last.get(s.id) ?? null, now));
    },
    'shares.get': async ({ id }) => {
      const database = db();
      return toShareDetail(database, getShare(database, id), Date.now());
    },
    'shares.revoke': async ({ id }) => {
      const database = db();
      const now = Date.now();
      const share = revokeShare(database, id, now);
      changed(id);
      return summaryOf(database, share, now);
    },
    'shares.extend': async ({ id, expiry }) => {
      const database = db();
      const now = Date.now();
      if (getShare(database, id).revokedAt !== null) throw new StrongroomError('CONFLICT', 'this share was revoked; a revoked link cannot be extended (make a new one)');
      const expiresAt = expiryInstant(expiry, now);
      if (expiresAt !== null && expiresAt <= now) throw new StrongroomError('INVALID_ARGUMENT', 'the new expiry must be in the future');
      const share = changeShare(database, id, { expiresAt });
      changed(id);
      return summaryOf(database, share, now);
    },
    'shares.change': async ({ id, maxViews, maxDownloads }) => {
      const database = db();
      const share = changeShare(database, id, { maxViews, maxDownloads });
      changed(id);
      return summaryOf(database, share, Date.now());
    },
    'shares.delete': async ({ id }) => {
      await deleteShare(session.requireVault(), id);
      changed(id);
      return { ok: true as const };
    },
    'shares.getPolicy': async () => getSharePolicy(db()),
    'shares.setPolicy': async ({ policy }) => setSharePolicy(db(), policy),
    'shareServer.get': async () => serverState(),
    'shareServer.set': async ({ settings }) => {
      const saved = setShareServerSettings(db(), settings);
      const status = await service.restart();
      return { settings: saved, status };
    },
  };
}
