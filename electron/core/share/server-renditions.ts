import type { Vault } from '../vault/vault';
import { RenditionCache } from './server-cache';
import { shareBlobsIn } from './share-blobs';
import { shareRenditionKey } from './token';
import type { ShareAssetRecord } from './types';

/** A strong validator for Range/If-Range: a rendition's bytes never change under its random blob id. */
export function renditionEtag(asset: ShareAssetRecord): string {
  return `"${asset.renditionBlob.slice(0, 32)}"`;
}

/**
 * A share's decrypted renditions, from the cache or from disk (read and decrypted under the key the
 * link's token derives). Callers have already passed the policy check; concurrent misses of one
 * rendition share a single read and decryption.
 */
export class RenditionSource {
  private readonly blobs;
  private readonly loading = new Map<string, Promise<Buffer>>();

  constructor(
    vault: Pick<Vault, 'dir'>,
    readonly cache: RenditionCache,
  ) {
    this.blobs = shareBlobsIn(vault.dir);
  }

  /** The cached bytes, if any: the hot path takes them without a promise. */
  cached(shareId: string, asset: ShareAssetRecord): Buffer | undefined {
    return this.cache.get(shareId, asset.renditionBlob)?.data;
  }

  async bytes(token: string, shareId: string, asset: ShareAssetRecord): Promise<Buffer> {
    const cached = this.cached(shareId, asset);
    if (cached) return cached;
    const id = `${shareId}/${asset.renditionBlob}`;
    let loading = this.loading.get(id);
    if (!loading) {
      loading = this.load(token, shareId, asset);
      this.loading.set(id, loading);
      const done = () => this.loading.delete(id);
      loading.then(done, done);
    }
    return loading;
  }

  private async load(token: string, shareId: string, asset: ShareAssetRecord): Promise<Buffer> {
    const key = shareRenditionKey(token, shareId);
    try {
      const data = await this.blobs.get(key, asset.renditionBlob);
      this.cache.set(shareId, asset.renditionBlob, data);
      return data;
    } finally {
      key.fill(0);
    }
  }
}
