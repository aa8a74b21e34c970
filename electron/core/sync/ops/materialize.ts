import type { Database } from 'better-sqlite3-multiple-ciphers';
import { materializeAsset } from './materialize-asset';
import { materializeCollections, materializeMemberships } from './materialize-collections';
import { materializePresets } from './materialize-presets';
import { materializeShare } from './materialize-shares';
import { materializeDevice, materializeSetting, materializeTag } from './materialize-small';
import { refsTo } from './state';
import { assetTarget, shareTarget, Touched } from './targets';

/**
 * Brings the catalog rows of everything `touched` names to what the merge state says, in dependency
 * order (foreign keys): presets, collections, assets, memberships, shares, tags. Each step reads only
 * merge state and rows materialised before it, so the result does not depend on op order.
 */
export function materialize(db: Database, touched: Touched): void {
  // A share's liveness decides whether its assets may be deleted, and an asset's whether a share can show.
  for (const shareId of touched.shares) {
    const assets = db.prepare('SELECT dst FROM sync_refs WHERE src = ?').pluck().all(shareTarget(shareId)) as string[];
    for (const a of assets) touched.assets.add(a.slice('asset:'.length));
  }
  for (const assetId of touched.assets) {
    for (const src of refsTo(db, assetTarget(assetId))) if (src.startsWith('share:')) touched.shares.add(src.slice('share:'.length));
  }
  for (const id of [...touched.devices].sort()) materializeDevice(db, id);
  for (const table of [...touched.presetTables].sort()) materializePresets(db, table);
  if (touched.collections.size > 0) materializeCollections(db);
  for (const assetId of [...touched.assets].sort()) for (const key of materializeAsset(db, assetId)) touched.tagKeys.add(key);
  materializeMemberships(db, [...touched.collections].sort(), [...touched.assets].sort());
  for (const shareId of [...touched.shares].sort()) materializeShare(db, shareId);
  for (const key of [...touched.tagKeys].sort()) materializeTag(db, key);
  for (const key of [...touched.settings].sort()) materializeSetting(db, key);
}

/** Everything the merge state describes (after a bootstrap, or to check that rows match their ops). */
export function materializeAll(db: Database): void {
  const touched = new Touched();
  const targets = db.prepare('SELECT DISTINCT target FROM sync_ops').pluck().all() as string[];
  for (const t of targets) {
    const [kind, ...rest] = t.split(':');
    const id = rest.join(':');
    if (kind === 'asset') touched.assets.add(id);
    else if (kind === 'collection') touched.collections.add(id);
    else if (kind === 'rendition_presets' || kind === 'watermark_presets') touched.presetTables.add(kind);
    else if (kind === 'settings') touched.settings.add(id);
    else if (kind === 'share') touched.shares.add(id);
    else if (kind === 'device') touched.devices.add(id);
  }
  materialize(db, touched);
}
