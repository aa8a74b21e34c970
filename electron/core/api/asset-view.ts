import type { AssetDetail as ApiAssetDetail, AssetSummary as ApiAssetSummary } from '../../../shared/api/schemas';
import type { AssetDetail, AssetListItem, NormalizedMetadata } from '../catalog/types';
import { privateMetadataFields } from '../catalog/types';

/** Catalog records reshaped for the UI: no blob ids, metadata as labelled rows with privacy marked. */
const LABELS: Record<keyof NormalizedMetadata, string> = {
  cameraMake: 'Camera make',
  cameraModel: 'Camera model',
  lens: 'Lens',
  serialNumber: 'Camera serial number',
  iso: 'ISO',
  exposureTime: 'Exposure',
  fNumber: 'Aperture',
  focalLength: 'Focal length',
  gpsLatitude: 'GPS latitude',
  gpsLongitude: 'GPS longitude',
  gpsAltitude: 'GPS altitude',
  creator: 'Creator',
  copyright: 'Copyright',
  headline: 'Headline',
  caption: 'Caption',
  keywords: 'Keywords',
  city: 'City',
  country: 'Country',
  software: 'Software',
  colorProfile: 'Colour profile',
  captureTime: 'Captured',
  title: 'Embedded title',
};

function formatValue(key: keyof NormalizedMetadata, value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (key === 'captureTime' && typeof value === 'number') return new Date(value).toISOString().replace('T', ' ').slice(0, 19);
  if (key === 'exposureTime' && typeof value === 'number') return value < 1 ? `1/${Math.round(1 / value)} s` : `${value} s`;
  if (key === 'fNumber' && typeof value === 'number') return `f/${value}`;
  if (key === 'focalLength' && typeof value === 'number') return `${value} mm`;
  return String(value);
}

export function toApiSummary(a: AssetListItem): ApiAssetSummary {
  return {
    id: a.id,
    title: a.title,
    sku: a.sku,
    productName: a.productName,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    versionCount: a.versionCount,
    currentVersion: a.currentVersion,
    tags: a.tags,
  };
}

export function toApiDetail(a: AssetDetail): ApiAssetDetail {
  const current = a.versions.find((v) => v.id === a.currentVersionId)!;
  return {
    ...toApiSummary({
      ...a,
      currentVersion: { id: current.id, number: current.number, approval: current.approval, format: current.format, width: current.width, height: current.height },
    }),
    description: a.description,
    collections: a.collections,
    versions: a.versions.map((v) => ({
      id: v.id,
      number: v.number,
      approval: v.approval,
      format: v.format,
      width: v.width,
      height: v.height,
      byteSize: v.byteSize,
      originalFilename: v.originalFilename,
      captureTime: v.captureTime,
      importTime: v.importTime,
      current: v.id === a.currentVersionId,
    })),
    metadata: (Object.entries(a.metadata) as [keyof NormalizedMetadata, unknown][]).map(([key, value]) => ({
      key,
      label: LABELS[key] ?? key,
      value: formatValue(key, value),
      private: (privateMetadataFields as readonly string[]).includes(key),
    })),
  };
}
