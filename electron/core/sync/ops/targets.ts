import type { Op } from './op-schemas';

/**
 * Every op changes one target: the record whose rows it governs. Targets name merge state (registers,
 * sets, tombstones) and the op log's index; the kinds of target are materialised in a fixed order.
 */
export const assetTarget = (id: string) => `asset:${id}`;
export const versionTarget = (id: string) => `version:${id}`;
export const collectionTarget = (id: string) => `collection:${id}`;
export const presetTarget = (table: string, id: string) => `${table}:${id}`;
export const settingsTarget = (key: string) => `settings:${key}`;
export const shareTarget = (id: string) => `share:${id}`;
export const deviceTarget = (id: string) => `device:${id}`;

export function targetOf(op: Op): string {
  switch (op.kind) {
    case 'asset.create':
    case 'asset.set':
    case 'asset.delete':
    case 'version.add':
    case 'version.approval':
    case 'tag.add':
    case 'tag.remove':
      return assetTarget(op.assetId);
    case 'collection.create':
    case 'collection.rename':
    case 'collection.delete':
    case 'collection.add':
    case 'collection.remove':
      return collectionTarget(op.collectionId);
    case 'preset.create':
    case 'preset.set':
    case 'preset.delete':
      return presetTarget(op.table, op.presetId);
    case 'settings.set':
      return settingsTarget(op.key);
    case 'share.create':
    case 'share.set':
    case 'share.delete':
    case 'share.access':
    case 'share.accesses':
      return shareTarget(op.shareId);
    case 'device.set':
    case 'device.retire':
      return deviceTarget(op.deviceId);
  }
}

/** What one pass of merging must bring up to date, by kind, so that it can go in dependency order. */
export class Touched {
  readonly assets = new Set<string>();
  readonly collections = new Set<string>();
  readonly presetTables = new Set<'rendition_presets' | 'watermark_presets'>();
  readonly settings = new Set<string>();
  readonly shares = new Set<string>();
  readonly devices = new Set<string>();
  readonly tagKeys = new Set<string>();
}
