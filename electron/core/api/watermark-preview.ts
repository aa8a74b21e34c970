import type { ApiParsedArgs, ApiResult } from '../../../shared/api/contract';
import { StrongroomError } from '../errors';
import { exportVariables } from '../export/variables';
import { getRenditionPreset } from '../catalog/rendition-presets';
import { clearWatermarkCaches, renderWatermarkPreview } from '../imaging/watermark';
import type { WatermarkPreset, WatermarkVariables } from '../imaging/types';
import type { LogoImports } from './logo-imports';
import type { Session } from './session';

/** Decrypted blobs kept for the designer: the asset being previewed and its logo, re-rendered on every change. */
const CACHE_ENTRIES = 4;

/**
 * The designer's live preview: the unsaved preset rendered onto the asset's stored preview rendition
 * (2048 px, already upright and sRGB), so a change costs one composite, not a decode of the original.
 * The answer is a JPEG data URL the UI shows as is. Decrypted blobs are cached for the next keystroke
 * and dropped, with the engine's pixel caches, when the vault locks.
 */
export class WatermarkPreviews {
  private readonly cache = new Map<string, Buffer>();

  constructor(
    private readonly session: Session,
    private readonly logos: LogoImports,
  ) {
    // Decrypted previews and logos, and the imaging engine's decoded pixels and marks made from them,
    // must not outlive the unlocked vault.
    session.onLock(() => {
      this.cache.clear();
      clearWatermarkCaches();
    });
  }

  private async blob(id: string): Promise<Buffer> {
    const hit = this.cache.get(id);
    if (hit) {
      this.cache.delete(id);
      this.cache.set(id, hit);
      return hit;
    }
    const data = await this.session.requireVault().blobs.get(id);
    this.cache.set(id, data);
    for (const key of this.cache.keys()) {
      if (this.cache.size <= CACHE_ENTRIES) break;
      this.cache.delete(key);
    }
    return data;
  }

  async render(args: ApiParsedArgs<'watermark.preview'>): Promise<ApiResult<'watermark.preview'>> {
    const started = performance.now();
    const vault = this.session.requireVault();
    const db = vault.db;
    const row = db
      .prepare(
        `SELECT d.blob_id FROM assets a JOIN derived_blobs d ON d.version_id = a.current_version_id
         WHERE a.id = ? ORDER BY d.kind = 'preview' DESC LIMIT 1`,
      )
      .get(args.assetId) as { blob_id: string } | undefined;
    if (!row) throw new StrongroomError('NOT_FOUND', `no asset with id "${args.assetId}" (or it has no preview to draw on)`);
    const draft = args.preset;
    if (draft.logoBlob !== null && !this.logos.isKnown(draft.logoBlob)) {
      throw new StrongroomError('NOT_FOUND', 'that logo is not in the vault; import the logo again');
    }
    const variables: WatermarkVariables = { ...exportVariables(vault, new Date()), ...args.variables };
    const preset: WatermarkPreset = { ...draft, id: 'preview', name: draft.name ?? '' };
    const rendition = args.renditionPresetId === undefined ? undefined : getRenditionPreset(db, args.renditionPresetId);
    const [image, logo] = await Promise.all([this.blob(row.blob_id), draft.logoBlob === null ? undefined : this.blob(draft.logoBlob)]);
    const out = await renderWatermarkPreview(image, preset, variables, logo, { rendition, maxEdge: args.maxEdge });
    return {
      dataUrl: `data:image/jpeg;base64,${out.data.toString('base64')}`,
      width: out.width,
      height: out.height,
      renderMs: performance.now() - started,
      variables,
    };
  }
}
