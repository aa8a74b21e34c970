import { listAssets, type AssetSort } from '../../catalog/asset-list';
import { getAsset, resolveAssetId, setApproval } from '../../catalog/assets';
import {
  addToCollection,
  createCollection,
  deleteCollection,
  listCollections,
  removeFromCollection,
  renameCollection,
} from '../../catalog/collections';
import { changeTags } from '../../catalog/tags';
import { approvalStates, imageFormats, privateMetadataFields, type ApprovalState, type ImageFormat } from '../../catalog/types';
import { StrongroomError } from '../../errors';
import type { Command } from '../context';
import { formatBytes } from '../io';
import { withVault } from '../with-vault';

function oneOf<T extends string>(value: unknown, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new StrongroomError('INVALID_ARGUMENT', `${option} must be one of: ${allowed.join(', ')}`);
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export const lsCommand: Command = {
  name: 'ls',
  usage: 'ls [--query TEXT] [--tag T] [--collection C] [--status S] [--format F] [--sort newest|oldest|name|sku] [--limit N]',
  summary: 'list assets, filtered and searched',
  options: {
    query: { type: 'string', short: 'q' },
    tag: { type: 'string' },
    collection: { type: 'string' },
    status: { type: 'string' },
    format: { type: 'string' },
    sort: { type: 'string' },
    limit: { type: 'string' },
  },
  async run(ctx) {
    const v = ctx.values;
    const limit = v.limit === undefined ? undefined : Number(v.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new StrongroomError('INVALID_ARGUMENT', '--limit must be a positive integer');
    const query = {
      query: str(v.query),
      tag: str(v.tag),
      collection: str(v.collection),
      status: oneOf<ApprovalState>(v.status, approvalStates, '--status'),
      format: oneOf<ImageFormat>(v.format, imageFormats, '--format'),
      sort: oneOf<AssetSort>(v.sort, ['newest', 'oldest', 'name', 'sku'], '--sort'),
      limit: limit ?? 100_000,
    };
    const assets = await withVault(ctx, (vault) => listAssets(vault.db, query));
    ctx.print(assets, () =>
      assets.length === 0
        ? 'No assets match.'
        : assets
            .map((a) =>
              [a.id, a.sku ?? '-', a.currentVersion.approval.padEnd(9), `${a.currentVersion.width}x${a.currentVersion.height}`, a.title, a.tags.length ? `[${a.tags.join(', ')}]` : '']
                .join('  ')
                .trimEnd(),
            )
            .join('\n'),
    );
  },
};

export const showCommand: Command = {
  name: 'show',
  usage: 'show ID',
  summary: 'show one asset: fields, versions, tags, collections, metadata',
  async run(ctx) {
    if (ctx.args.length !== 1) throw new StrongroomError('INVALID_ARGUMENT', 'usage: strongroom show ID');
    const asset = await withVault(ctx, (vault) => getAsset(vault.db, resolveAssetId(vault.db, ctx.args[0]!)));
    ctx.print(asset, () => {
      const lines = [
        `${asset.title}  (${asset.id})`,
        `SKU: ${asset.sku ?? '-'}    Product: ${asset.productName ?? '-'}`,
        ...(asset.description ? [`Description: ${asset.description}`] : []),
        `Tags: ${asset.tags.join(', ') || '-'}`,
        `Collections: ${asset.collections.map((c) => c.name).join(', ') || '-'}`,
        'Versions:',
        ...asset.versions.map(
          (v) =>
            `  ${v.id === asset.currentVersionId ? '*' : ' '} v${v.number}  ${v.approval.padEnd(9)}  ${v.format} ${v.width}x${v.height}  ${formatBytes(v.byteSize)}  ${v.originalFilename}`,
        ),
        'Metadata:',
      ];
      for (const [key, value] of Object.entries(asset.metadata)) {
        const mark = (privateMetadataFields as readonly string[]).includes(key) ? ' (private)' : '';
        lines.push(`  ${key}${mark}: ${Array.isArray(value) ? value.join(', ') : key === 'captureTime' ? new Date(value as number).toISOString() : value}`);
      }
      return lines.join('\n');
    });
  },
};

export const tagCommand: Command = {
  name: 'tag',
  usage: 'tag ID... +add -remove',
  summary: 'add (+name) and remove (-name) tags on one or more assets',
  passThroughDashArgs: true,
  async run(ctx) {
    const add = ctx.args.filter((a) => a.startsWith('+')).map((a) => a.slice(1));
    const remove = ctx.args.filter((a) => a.startsWith('-')).map((a) => a.slice(1));
    const ids = ctx.args.filter((a) => !a.startsWith('+') && !a.startsWith('-'));
    if (ids.length === 0 || add.length + remove.length === 0) throw new StrongroomError('INVALID_ARGUMENT', 'usage: strongroom tag ID... +add -remove');
    const tags = await withVault(ctx, (vault) => {
      const resolved = ids.map((id) => resolveAssetId(vault.db, id));
      changeTags(vault.db, resolved, add, remove);
      return resolved.map((id) => ({ id, tags: getAsset(vault.db, id).tags }));
    });
    ctx.print(tags, () => tags.map((t) => `${t.id}  ${t.tags.join(', ') || '(no tags)'}`).join('\n'));
  },
};

export const collectionCommand: Command = {
  name: 'collection',
  usage: 'collection ls | create NAME | rename NAME NEW | delete NAME | add NAME ID... | rm NAME ID...',
  summary: 'manage collections (e.g. one per campaign)',
  async run(ctx) {
    const [sub, name, ...rest] = ctx.args;
    const need = (ok: boolean, usage: string) => {
      if (!ok) throw new StrongroomError('INVALID_ARGUMENT', `usage: strongroom collection ${usage}`);
    };
    await withVault(ctx, (vault) => {
      const db = vault.db;
      switch (sub) {
        case 'ls': {
          const all = listCollections(db);
          ctx.print(all, () => (all.length ? all.map((c) => `${c.id}  ${String(c.assetCount).padStart(5)}  ${c.name}`).join('\n') : 'No collections yet.'));
          return;
        }
        case 'create': {
          need(name !== undefined && rest.length === 0, 'create NAME');
          const c = createCollection(db, name!);
          ctx.print(c, () => `Created collection "${c.name}" (${c.id}).`);
          return;
        }
        case 'rename':
          need(name !== undefined && rest.length === 1, 'rename NAME NEW');
          renameCollection(db, name!, rest[0]!);
          ctx.print({ renamed: true }, () => `Renamed to "${rest[0]}".`);
          return;
        case 'delete':
          need(name !== undefined && rest.length === 0, 'delete NAME');
          deleteCollection(db, name!);
          ctx.print({ deleted: true }, () => 'Collection deleted (its assets stay in the vault).');
          return;
        case 'add':
        case 'rm': {
          need(name !== undefined && rest.length > 0, `${sub} NAME ID...`);
          const ids = rest.map((id) => resolveAssetId(db, id));
          if (sub === 'add') addToCollection(db, name!, ids);
          else removeFromCollection(db, name!, ids);
          ctx.print({ [sub === 'add' ? 'added' : 'removed']: ids }, () => `${sub === 'add' ? 'Added' : 'Removed'} ${ids.length} asset(s).`);
          return;
        }
        default:
          need(false, collectionCommand.usage.replace('collection ', ''));
      }
    });
  },
};

export const statusCommand: Command = {
  name: 'status',
  usage: `status ID VERSION ${approvalStates.join('|')}`,
  summary: 'set the approval state of a version',
  async run(ctx) {
    const [id, versionText, stateText] = ctx.args;
    const version = Number(String(versionText ?? '').replace(/^v/, ''));
    if (!id || !Number.isInteger(version) || version < 1 || ctx.args.length !== 3) {
      throw new StrongroomError('INVALID_ARGUMENT', `usage: strongroom ${statusCommand.usage}`);
    }
    const state = oneOf<ApprovalState>(stateText === 'in-review' ? 'in_review' : stateText, approvalStates, 'the state')!;
    const result = await withVault(ctx, (vault) => {
      const assetId = resolveAssetId(vault.db, id);
      setApproval(vault.db, assetId, version, state);
      const asset = getAsset(vault.db, assetId);
      return { assetId, version, state, currentVersion: asset.versions.find((v) => v.id === asset.currentVersionId)!.number };
    });
    ctx.print(result, () => `v${version} of ${result.assetId} is now ${state}; the current version is v${result.currentVersion}.`);
  },
};
