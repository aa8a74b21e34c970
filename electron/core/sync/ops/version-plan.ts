import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';
import { isAssetLive } from './liveness';
import type { VersionBody } from './op-schemas';

export interface PlannedVersion {
  body: VersionBody;
  hlc: string;
  number: number;
  /** Added concurrently with another version that proposed the same number: both kept, to be reviewed. */
  sibling: boolean;
}

export interface VersionPlan {
  versions: PlannedVersion[];
  /** Versions not shown because an earlier version elsewhere holds the same file (sha256 is unique). */
  duplicates: { versionId: string; keptVersionId: string }[];
}

/**
 * Versions are append-only. Each carries the number its device proposed (its max + 1); they are taken
 * in (proposed number, clock) order and numbered max(proposed, previous + 1), so versions that did not
 * race keep their numbers and two that did are both kept as consecutive siblings marked for review.
 * A file imported on two devices at once belongs to the version with the earliest clock among assets
 * that exist; the other is listed as a duplicate rather than shown twice.
 */
export function planVersions(db: Database, assetId: string): VersionPlan {
  const rows = db
    // The body is the version.add op's own (stored once, in the op log).
    .prepare(
      `SELECT v.version_id, v.proposed_number, v.sha256, v.hlc, json_extract(o.body, '$.version') AS body
         FROM sync_versions v JOIN sync_ops o ON o.op_id = v.hlc WHERE v.asset_id = ? ORDER BY v.proposed_number, v.hlc`,
    )
    .all(assetId) as { version_id: string; proposed_number: number; sha256: string; hlc: string; body: string }[];
  const owners = preparedStatement(db, 'SELECT version_id, asset_id FROM sync_versions WHERE sha256 = ? ORDER BY hlc, version_id');
  const duplicates: VersionPlan['duplicates'] = [];
  const kept = rows.filter((r) => {
    const owner = (owners.all(r.sha256) as { version_id: string; asset_id: string }[]).find((o) => isAssetLive(db, o.asset_id));
    if (owner && owner.version_id !== r.version_id) {
      duplicates.push({ versionId: r.version_id, keptVersionId: owner.version_id });
      return false;
    }
    return true;
  });
  const counts = new Map<number, number>();
  for (const r of kept) counts.set(r.proposed_number, (counts.get(r.proposed_number) ?? 0) + 1);
  let previous = 0;
  const versions = kept.map((r) => {
    const number = Math.max(r.proposed_number, previous + 1);
    previous = number;
    return { body: JSON.parse(r.body) as VersionBody, hlc: r.hlc, number, sibling: (counts.get(r.proposed_number) ?? 0) > 1 };
  });
  return { versions, duplicates };
}
