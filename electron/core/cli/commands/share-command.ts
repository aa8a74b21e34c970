import { StrongroomError } from '../../errors';
import { listAccessLog } from '../../share/access-log';
import { createShare } from '../../share/create-share';
import { collectShareGarbage, deleteShare } from '../../share/share-cleanup';
import { resolveAssetId } from '../../catalog/assets';
import { changeShare, getShare, listShares, resolveShareId, revokeShare } from '../../share/share-rows';
import type { Command, CommandContext } from '../context';
import { withVault } from '../with-vault';
import { getShareServerSettings } from '../../share/share-settings';
import { linkBaseFromSettings, parseCount, parseExpiry, renderShareLine, shareBaseUrl, shareSummary } from './share-format';

const USAGE =
  'share create ID... [--expires 24h|7d|DATE|never] [--max-views N] [--max-downloads N] [--view-only] [--recipient NAME] [--company C] [--email E] ' +
  '[--preset ID] [--watermark ID] [--terms TEXT] [--note TEXT] [--allow-drafts] [--password-stdin] [--base-url URL] | share ls | share show ID | share revoke ID | ' +
  'share extend ID --expires 7d|DATE|never [--max-views N] [--max-downloads N] | share rm ID | share gc [--now]';

const usageError = () => new StrongroomError('INVALID_ARGUMENT', `usage: strongroom ${USAGE}`);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

async function create(ctx: CommandContext, ids: string[]): Promise<void> {
  if (ids.length === 0) throw usageError();
  const now = Date.now();
  // Everything that can be checked is checked before the vault is unlocked.
  const expiry = ctx.values.expires === undefined ? {} : parseExpiry(str(ctx.values.expires) ?? '', now);
  const givenBase = shareBaseUrl(ctx.values, ctx.env);
  const maxViews = parseCount(ctx.values['max-views'], 'max-views');
  const maxDownloads = parseCount(ctx.values['max-downloads'], 'max-downloads');
  let base = '';
  const result = await withVault(ctx, async (vault) => {
    // Read after the vault's own secret, which --passphrase-stdin puts on the first line.
    const password = ctx.values['password-stdin'] === true ? await ctx.stdin.next('share password') : null;
    // Without --base-url, the link points where the app's share server answers for this vault.
    base = givenBase ?? linkBaseFromSettings(getShareServerSettings(vault.db));
    return createShare(
      vault,
      {
        assetIds: ids.map((id) => resolveAssetId(vault.db, id)),
        ...expiry,
        maxViews,
        maxDownloads,
        viewOnly: ctx.values['view-only'] === true,
        password,
        recipient: { name: str(ctx.values.recipient), company: str(ctx.values.company), email: str(ctx.values.email) },
        renditionPresetId: str(ctx.values.preset),
        watermarkPresetId: str(ctx.values.watermark),
        terms: str(ctx.values.terms),
        note: str(ctx.values.note),
        allowDrafts: ctx.values['allow-drafts'] === true,
      },
      now,
    );
  });
  const url = `${base}/s/${result.token}`;
  const expiresAt = result.share.expiresAt === null ? null : new Date(result.share.expiresAt).toISOString();
  ctx.print({ url, id: result.share.id, expiresAt }, () => url);
}

export const shareCommand: Command = {
  name: 'share',
  usage: 'share create ID... [--expires 24h] [--max-views N] [--max-downloads N] [--view-only] [--recipient NAME] [--password-stdin] | share ls|show|revoke|extend|rm|gc',
  summary: 'make expiring, watermarked links to assets (printed once), list, revoke, extend or delete them',
  options: {
    expires: { type: 'string' },
    'max-views': { type: 'string' },
    'max-downloads': { type: 'string' },
    'view-only': { type: 'boolean' },
    recipient: { type: 'string' },
    company: { type: 'string' },
    email: { type: 'string' },
    preset: { type: 'string' },
    watermark: { type: 'string' },
    terms: { type: 'string' },
    note: { type: 'string' },
    'allow-drafts': { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
    'base-url': { type: 'string' },
    now: { type: 'boolean' },
  },
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    const now = Date.now();
    if (sub === 'create') return create(ctx, rest);
    if (sub === 'ls' && rest.length === 0) {
      const list = await withVault(ctx, (vault) => listShares(vault.db).map((s) => shareSummary(s, now)));
      ctx.print(list, () => (list.length ? list.map(renderShareLine).join('\n') : 'No shares.'));
      return;
    }
    if (sub === 'gc' && rest.length === 0) {
      const report = await withVault(ctx, (vault) => collectShareGarbage(vault, ctx.values.now === true ? { graceMs: 0 } : {}));
      ctx.print(report, () => `Removed ${report.removedFiles} unreferenced share file(s)${report.keptRecent ? `; kept ${report.keptRecent} recent one(s) that may belong to a share being created.` : '.'}`);
      return;
    }
    if (rest.length !== 1) throw usageError();
    const given = rest[0]!;
    if (sub === 'show') {
      const data = await withVault(ctx, (vault) => {
        const id = resolveShareId(vault.db, given);
        return { ...shareSummary(getShare(vault.db, id), now), log: listAccessLog(vault.db, id).map((e) => ({ ...e, at: new Date(e.at).toISOString() })) };
      });
      ctx.print(data, () => [renderShareLine(data), ...data.log.map((e) => `  ${e.at}  ${e.event}${e.reason ? ` (${e.reason})` : ''}  ${e.ip ?? '-'}  ${e.userAgent ?? '-'}`)].join('\n'));
      return;
    }
    if (sub === 'revoke') {
      const data = await withVault(ctx, (vault) => shareSummary(revokeShare(vault.db, resolveShareId(vault.db, given), now), now));
      ctx.print(data, () => `Revoked ${data.id}; its link stops working at the next request.`);
      return;
    }
    if (sub === 'rm') {
      const id = await withVault(ctx, async (vault) => {
        const resolved = resolveShareId(vault.db, given);
        await deleteShare(vault, resolved);
        return resolved;
      });
      ctx.print({ id, deleted: true }, () => `Deleted share ${id}, its copies and its access log.`);
      return;
    }
    if (sub === 'extend') {
      if (ctx.values.expires === undefined && ctx.values['max-views'] === undefined && ctx.values['max-downloads'] === undefined) throw usageError();
      const expiry = ctx.values.expires === undefined ? undefined : parseExpiry(str(ctx.values.expires) ?? '', now);
      const change = {
        expiresAt: expiry === undefined ? undefined : 'never' in expiry ? null : expiry.expiresAt,
        maxViews: parseCount(ctx.values['max-views'], 'max-views'),
        maxDownloads: parseCount(ctx.values['max-downloads'], 'max-downloads'),
      };
      const data = await withVault(ctx, (vault) => shareSummary(changeShare(vault.db, resolveShareId(vault.db, given), change), now));
      ctx.print(data, () => renderShareLine(data));
      return;
    }
    throw usageError();
  },
};
