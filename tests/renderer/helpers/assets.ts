import type { AssetDetail, AssetSummary } from '../../../shared/api/schemas';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A valid 12-character id (the contract's alphabet) for a number; distinct numbers give distinct ids. */
export function idFor(n: number): string {
  let out = '';
  let value = n;
  for (let i = 0; i < 12; i++) {
    out = ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

export function summary(n: number): AssetSummary {
  return {
    id: idFor(n),
    title: `Product photo ${n}`,
    sku: `SKU-${1000 + n}`,
    productName: null,
    createdAt: 1_700_000_000_000 + n,
    updatedAt: 1_700_000_000_000 + n,
    versionCount: 1,
    currentVersion: { id: idFor(n + 500_000), number: 1, approval: 'draft', format: 'jpeg', width: 4000, height: 3000 },
    tags: [],
  };
}

export function detail(n: number): AssetDetail {
  const s = summary(n);
  return {
    ...s,
    description: null,
    versions: [
      {
        id: s.currentVersion.id,
        number: 1,
        approval: 'draft',
        format: 'jpeg',
        width: 4000,
        height: 3000,
        byteSize: 1_000_000,
        originalFilename: `IMG_${n}.jpg`,
        captureTime: null,
        importTime: 1_700_000_000_000,
        current: true,
      },
    ],
    collections: [],
    metadata: [],
  };
}

/**
 * An assets.list handler over `total` numbered assets, honouring offset and limit the way the engine
 * does (default limit 200), and recording each request.
 */
export function listHandler(total: number, requests: { offset: number; limit: number }[] = []) {
  return (args: { offset?: number; limit?: number }) => {
    const offset = args.offset ?? 0;
    const limit = args.limit ?? 200;
    requests.push({ offset, limit });
    const items: AssetSummary[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) items.push(summary(i));
    return { total, offset, items };
  };
}

/** The assets.ids handler over the same numbered assets (default limit 100,000), recording each request. */
export function idsHandler(total: number, requests: { offset: number; limit: number; ids: true }[] = []) {
  return (args: { offset?: number; limit?: number }) => {
    const offset = args.offset ?? 0;
    const limit = args.limit ?? 100_000;
    requests.push({ offset, limit, ids: true });
    const ids: string[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) ids.push(summary(i).id);
    return { total, offset, ids };
  };
}
