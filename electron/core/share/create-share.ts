import os from 'node:os';
import path from 'node:path';
import { getRenditionPreset } from '../catalog/rendition-presets';
import { mapLimited } from '../concurrency';
import { getRightsProfile } from '../catalog/rights-profile';
import { getWatermarkPreset } from '../catalog/watermark-presets';
import { StrongroomError } from '../errors';
import { exportVariables } from '../export/variables';
import { newId } from '../ids';
import { extensionFor } from '../imaging/encode';
import { renderImage } from '../imaging/render';
import type { Vault } from '../vault/vault';
import { hashSharePassword } from './password';
import { ShareBlobs } from './share-blobs';
import { getShare } from './share-rows';
import { newShareToken, shareRenditionKey, shareTokenHash } from './token';
import type { ShareRecord } from './types';
import { checkShareOptions, type ShareOptions } from './share-options';
import { captureOp } from '../sync/ops/capture';
import { shareRecordOf } from '../sync/ops/baseline';

export function shareBlobsOf(vault: Pick<Vault, 'dir'>): ShareBlobs {
  return new ShareBlobs(path.join(vault.dir, 'share-blobs'));
}

interface Source {
  assetId: string;
  versionId: string;
  originalBlob: string;
  approval: string;
}

function loadSources(vault: Vault, assetIds: readonly string[], allowDrafts: boolean): Source[] {
  const stmt = vault.db.prepare(
    `SELECT a.id AS assetId, v.id AS versionId, v.original_blob AS originalBlob, v.approval FROM assets a JOIN versions v ON v.id = a.current_version_id WHERE a.id = ?`,
  );
  return [...new Set(assetIds)].map((id) => {
    const row = stmt.get(id) as Source | undefined;
    if (!row) throw new StrongroomError('NOT_FOUND', `no asset with id "${id}"; no share was created`);
    if (row.approval !== 'approved' && !allowDrafts) {
      throw new StrongroomError('NOT_APPROVED', `asset "${id}" has no approved version (its current one is ${row.approval}); share drafts only by choice (allowDrafts)`);
    }
    return row;
  });
}

export interface CreatedShare {
  share: ShareRecord;
  /** Shown once, to be put in the link: the vault keeps only its keyed hash. */
  token: string;
}

/**
 * Makes a share: every check first (options, assets, approval, presets), then the renditions (the
 * imaging pipeline, with the recipient in the watermark) written under the token's key, then one
 * transaction. A failure removes the renditions already written: nothing half-made remains.
 */
export async function createShare(vault: Vault, input: ShareOptions, now = Date.now()): Promise<CreatedShare> {
  const options = checkShareOptions(input, now);
  const sources = loadSources(vault, options.assetIds, options.allowDrafts);
  const rendition = getRenditionPreset(vault.db, options.renditionPresetId);
  const watermarkPreset = options.watermarkPresetId ? getWatermarkPreset(vault.db, options.watermarkPresetId) : null;
  const rights = getRightsProfile(vault.db);
  const id = newId();
  const token = newShareToken();
  const key = shareRenditionKey(token, id);
  const password = options.password === null ? null : await hashSharePassword(options.password);
  const logo = watermarkPreset?.logoBlob ? await vault.blobs.get(watermarkPreset.logoBlob) : undefined;
  const variables = { ...exportVariables(vault, new Date(now)), recipient: options.recipient.name ?? '', shareId: id };
  const blobs = shareBlobsOf(vault);
  const written: string[] = [];
  try {
    // One rendering per core, as exports do: ten 24 MP photos are mostly decode and resize time.
    const assets = await mapLimited(sources, os.availableParallelism(), async (source, index) => {
      const original = await vault.blobs.get(source.originalBlob);
      const rendered = await renderImage(original, { rendition, rights, watermark: watermarkPreset ? { preset: watermarkPreset, logo, variables } : undefined });
      const blob = await blobs.put(key, rendered.data);
      written.push(blob);
      const position = index + 1;
      return { ...source, position, blob, rendered, name: `image-${position}.${extensionFor(rendered.format)}` };
    });
    const sharesKey = vault.sharesKey();
    const tokenHash = shareTokenHash(sharesKey, token);
    sharesKey.fill(0);
    vault.db
      .transaction(() => {
        vault.db
          .prepare(
            `INSERT INTO shares (id, token_hash, created_at, expires_at, never_expires, max_views, max_downloads, view_only, password_hash,
               password_kdf, recipient_name, recipient_company, recipient_email, rendition_preset_id, watermark_preset_id, terms, note)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            tokenHash,
            now,
            options.expiresAt,
            options.expiresAt === null ? 1 : 0,
            options.maxViews,
            options.maxDownloads,
            options.viewOnly ? 1 : 0,
            password?.hash ?? null,
            password?.kdf ?? null,
            options.recipient.name,
            options.recipient.company,
            options.recipient.email,
            rendition.id,
            watermarkPreset?.id ?? null,
            options.terms,
            options.note,
          );
        const insert = vault.db.prepare('INSERT INTO share_assets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
        for (const a of assets) {
          insert.run(id, a.position, a.assetId, a.versionId, a.blob, a.rendered.data.length, a.rendered.format, a.rendered.width, a.rendered.height, a.name);
        }
        captureOp(vault.db, {
          kind: 'share.create',
          at: now,
          shareId: id,
          record: shareRecordOf(vault.db.prepare('SELECT * FROM shares WHERE id = ?').get(id) as Record<string, string | number | null>),
          fields: { expiry: { expiresAt: options.expiresAt, never: options.expiresAt === null }, maxViews: options.maxViews, maxDownloads: options.maxDownloads, revokedAt: null },
          assets: assets.map((a) => ({
            position: a.position,
            assetId: a.assetId,
            versionId: a.versionId,
            renditionBlob: a.blob,
            byteSize: a.rendered.data.length,
            format: a.rendered.format,
            width: a.rendered.width,
            height: a.rendered.height,
            downloadName: a.name,
          })),
        });
      })
      .immediate();
  } catch (err) {
    await Promise.all(written.map((b) => blobs.remove(b)));
    throw err;
  } finally {
    key.fill(0);
  }
  return { share: getShare(vault.db, id), token };
}
