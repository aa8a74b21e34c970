import path from 'node:path';
import { setApproval } from '../../electron/core/catalog/assets';
import { saveRenditionPreset } from '../../electron/core/catalog/rendition-presets';
import { setShopName, updateRightsProfile } from '../../electron/core/catalog/rights-profile';
import { saveWatermarkPreset } from '../../electron/core/catalog/watermark-presets';
import type { RenditionPreset, WatermarkPreset } from '../../electron/core/imaging/types';
import { createSuiteVault, fixturesDir, type SuiteVault } from '../helpers/vault';
import { FULL_RIGHTS } from '../imaging/helpers';

export const SHARE_FIXTURES = ['metadata/GPS.jpg', 'orientation/Landscape_6.jpg', 'photos/with-alpha.png'] as const;

export interface ShareVault {
  tv: SuiteVault;
  /** Asset ids in SHARE_FIXTURES order; the first two approved, the third a draft. */
  ids: string[];
  small: RenditionPreset;
  mark: WatermarkPreset;
}

/** A vault with real images, a rights profile, a small rendition and a watermark naming the recipient. */
export async function createShareVault(prefix: string): Promise<ShareVault> {
  const tv = await createSuiteVault(prefix);
  const report = await tv.core.ingest(tv.vault, SHARE_FIXTURES.map((f) => ({ kind: 'file' as const, path: path.join(fixturesDir, f) })));
  if (report.refused.length > 0) throw new Error(`fixtures refused: ${JSON.stringify(report.refused)}`);
  const ids = SHARE_FIXTURES.map((f) => report.imported.find((i) => i.source.endsWith(f))!.assetId);
  setApproval(tv.vault.db, ids[0]!, 1, 'approved');
  setApproval(tv.vault.db, ids[1]!, 1, 'approved');
  updateRightsProfile(tv.vault.db, FULL_RIGHTS);
  setShopName(tv.vault.db, 'Harbour Studio');
  const small = saveRenditionPreset(tv.vault.db, { name: 'Share small', size: { mode: 'long-edge', longEdge: 480 }, format: 'jpeg', quality: 85, sharpen: false });
  const mark = saveWatermarkPreset(
    tv.vault.db,
    {
      name: 'For recipient',
      text: 'For {recipient}',
      logoBlob: null,
      sizePercent: 40,
      color: '#ff0000',
      opacity: 1,
      rotation: 0,
      placement: { mode: 'position', position: 'center', marginPercent: 0 },
      legibility: 'none',
    },
    { isImportedLogo: () => false },
  );
  return { tv, ids, small, mark };
}
