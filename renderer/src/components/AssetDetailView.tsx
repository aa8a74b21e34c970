import { useCallback } from 'react';
import type { AssetDetail } from '../../../shared/api/schemas';
import { useDetail, type EditableAssetFields } from '../stores/detail-store';
import { AssetPreview } from './AssetPreview';
import { CollectionMembership } from './CollectionMembership';
import { EditableField } from './EditableField';
import { MetadataList } from './MetadataList';
import { TagEditor } from './TagEditor';
import { VersionHistory } from './VersionHistory';

/** One asset: preview, editable fields, tags, collections, versions with approval, metadata. */
export function AssetDetailView({ asset }: { asset: AssetDetail }) {
  const update = useDetail((s) => s.update);
  const reload = useDetail((s) => s.reload);
  const save = useCallback((fields: EditableAssetFields) => update(fields), [update]);
  const refresh = useCallback(() => void reload(), [reload]);
  const ids = [asset.id];

  return (
    // Keyed by asset: drafts in the fields belong to the asset they were typed for.
    <div className="detail__body" key={asset.id}>
      <AssetPreview asset={asset} />
      <section className="detail__section stack" aria-label="Fields">
        <EditableField label="Title" value={asset.title} required maxLength={200} onSave={(v) => save({ title: v ?? '' })} testId="detail-title" />
        <EditableField label="SKU" value={asset.sku} maxLength={100} placeholder="e.g. SKU-1042" onSave={(v) => save({ sku: v })} testId="detail-sku" />
        <EditableField label="Product name" value={asset.productName} maxLength={300} onSave={(v) => save({ productName: v })} testId="detail-product-name" />
        <EditableField
          label="Description"
          value={asset.description}
          multiline
          maxLength={5000}
          onSave={(v) => save({ description: v })}
          testId="detail-description"
        />
      </section>
      <section className="detail__section">
        <TagEditor assetIds={ids} tags={asset.tags} onChanged={refresh} />
      </section>
      <CollectionMembership assetIds={ids} memberOf={asset.collections} onChanged={refresh} />
      <VersionHistory versions={asset.versions} />
      <MetadataList metadata={asset.metadata} />
    </div>
  );
}
