export const approvalStates = ['draft', 'in_review', 'approved', 'retired'] as const;
export type ApprovalState = (typeof approvalStates)[number];

export const imageFormats = ['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff', 'heif'] as const;
export type ImageFormat = (typeof imageFormats)[number];

export type DerivedKind = 'thumb' | 'preview';

export interface DerivedRecord {
  kind: DerivedKind;
  blobId: string;
  format: 'jpeg';
  width: number;
  height: number;
  byteSize: number;
}

/** Normalised metadata fields; `private` ones (location, serials, owner) are marked as such in the UI. */
export interface NormalizedMetadata {
  cameraMake?: string;
  cameraModel?: string;
  lens?: string;
  serialNumber?: string;
  iso?: number;
  exposureTime?: number;
  fNumber?: number;
  focalLength?: number;
  gpsLatitude?: number;
  gpsLongitude?: number;
  gpsAltitude?: number;
  creator?: string;
  copyright?: string;
  headline?: string;
  caption?: string;
  keywords?: string[];
  city?: string;
  country?: string;
  software?: string;
  colorProfile?: string;
  captureTime?: number;
  title?: string;
}

export const privateMetadataFields = ['gpsLatitude', 'gpsLongitude', 'gpsAltitude', 'serialNumber', 'creator', 'software'] as const;

export interface VersionRecord {
  id: string;
  assetId: string;
  number: number;
  originalBlob: string;
  sha256: string;
  byteSize: number;
  format: ImageFormat;
  width: number;
  height: number;
  originalFilename: string;
  captureTime: number | null;
  importTime: number;
  approval: ApprovalState;
  derived: DerivedRecord[];
}

export interface AssetSummary {
  id: string;
  title: string;
  sku: string | null;
  productName: string | null;
  createdAt: number;
  updatedAt: number;
  versionCount: number;
  currentVersion: { id: string; number: number; approval: ApprovalState; format: ImageFormat; width: number; height: number };
  thumbBlob: string | null;
  tags: string[];
}

/** A summary as the app's grid gets it: no blob ids leave the engine through the API, so none is read. */
export type AssetListItem = Omit<AssetSummary, 'thumbBlob'>;

export interface AssetDetail extends Omit<AssetSummary, 'currentVersion'> {
  description: string | null;
  currentVersionId: string;
  versions: VersionRecord[];
  collections: { id: string; name: string }[];
  metadata: NormalizedMetadata;
}

export interface CollectionSummary {
  id: string;
  name: string;
  createdAt: number;
  assetCount: number;
}
