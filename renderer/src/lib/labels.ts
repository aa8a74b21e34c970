import type { ApprovalState, AssetSort, ImageFormat } from '../../../shared/api/schemas';

/** Display names for the contract's enums, in the order the UI lists them. */
export const APPROVAL_LABELS: Readonly<Record<ApprovalState, string>> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  retired: 'Retired',
};
export const APPROVAL_ORDER: readonly ApprovalState[] = ['draft', 'in_review', 'approved', 'retired'];

export const FORMAT_LABELS: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  gif: 'GIF',
  avif: 'AVIF',
  tiff: 'TIFF',
  heif: 'HEIF',
};
export const FORMAT_ORDER: readonly ImageFormat[] = ['jpeg', 'png', 'webp', 'avif', 'heif', 'tiff', 'gif'];

export const SORT_LABELS: Readonly<Record<AssetSort, string>> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  name: 'Name',
  sku: 'SKU',
};
export const SORT_ORDER: readonly AssetSort[] = ['newest', 'oldest', 'name', 'sku'];
