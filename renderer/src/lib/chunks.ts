/** Splits a list into runs of at most `size`, for calls whose arguments are capped by the contract. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The most asset ids one tags.change or collections.addAssets/removeAssets call takes (contract.ts). */
export const MAX_IDS_PER_CALL = 100_000;
