import { shopForWatermark } from '../catalog/rights-profile';
import type { WatermarkVariables } from '../imaging/types';
import type { Vault } from '../vault/vault';

/** The local calendar date, YYYY-MM-DD: what a person means by "today" in a file name or a mark. */
export function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * A watermark's variables on export: today, the shop (its name, else the rights creator), and no
 * recipient or share id, which only share links have. The designer's preview starts from these too.
 */
export function exportVariables(vault: Vault, now: Date): WatermarkVariables {
  return { date: localDate(now), shop: shopForWatermark(vault.db), recipient: '', shareId: '' };
}
