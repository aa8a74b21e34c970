/** A share as the policy and the management commands see it (never the token, never the password). */
export interface ShareRecord {
  id: string;
  createdAt: number;
  /** null only when the share was created with an explicit "never". */
  expiresAt: number | null;
  maxViews: number | null;
  maxDownloads: number | null;
  views: number;
  downloads: number;
  viewOnly: boolean;
  hasPassword: boolean;
  recipient: { name: string | null; company: string | null; email: string | null };
  renditionPresetId: string;
  watermarkPresetId: string | null;
  terms: string | null;
  note: string | null;
  revokedAt: number | null;
  assets: ShareAssetRecord[];
}

export interface ShareAssetRecord {
  position: number;
  assetId: string;
  versionId: string;
  renditionBlob: string;
  byteSize: number;
  format: string;
  width: number;
  height: number;
  downloadName: string;
}

export type ShareState = 'active' | 'expired' | 'used-up' | 'revoked';

export function shareState(share: ShareRecord, now: number): ShareState {
  if (share.revokedAt !== null) return 'revoked';
  if (share.expiresAt !== null && now >= share.expiresAt) return 'expired';
  if (share.maxViews !== null && share.views >= share.maxViews) return 'used-up';
  return 'active';
}
