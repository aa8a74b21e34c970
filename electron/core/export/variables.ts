import { shopForWatermark } from '../catalog/rights-profile';
import { localDate } from '../imaging/file-names';
import type { WatermarkVariables } from '../imaging/types';
import type { Vault } from '../vault/vault';


/**
 * A watermark's variables on export: today, the shop (its name, else the rights creator), and no
 * recipient or share id, which only share links have. The designer's preview starts from these too.
 */
export function exportVariables(vault: Vault, now: Date): WatermarkVariables {
  return { date: localDate(now), shop: shopForWatermark(vault.db), recipient: '', shareId: '' };
}
