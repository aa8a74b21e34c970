import { useCollections } from '../stores/collections-store';
import { Icon } from './Icon';

export interface CollectionMembershipProps {
  readonly assetIds: readonly string[];
  /** Collections the asset is in; empty for a multi-selection (membership differs per asset). */
  readonly memberOf: readonly { id: string; name: string }[];
  onChanged?(): void;
}

/** Which collections hold the asset, with × to take it out and a picker to put it (or the selection) in. */
export function CollectionMembership({ assetIds, memberOf, onChanged }: CollectionMembershipProps) {
  const collections = useCollections((s) => s.collections);
  const addAssets = useCollections((s) => s.addAssets);
  const removeAssets = useCollections((s) => s.removeAssets);
  const memberIds = new Set(memberOf.map((c) => c.id));
  const candidates = collections.filter((c) => !memberIds.has(c.id));

  return (
    <div className="detail__section" data-testid="collection-membership">
      <h3 className="field__label">Collections</h3>
      {memberOf.length > 0 ? (
        <ul className="chips" aria-label="Member of">
          {memberOf.map((c) => (
            <li key={c.id} className="chip chip--collection" data-testid="membership-chip">
              <Icon name="folder" size={12} />
              <span>{c.name}</span>
              <button
                type="button"
                className="chip__remove"
                aria-label={`Remove from ${c.name}`}
                onClick={async () => {
                  if (await removeAssets(c.id, assetIds)) onChanged?.();
                }}
              >
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {candidates.length > 0 ? (
        <select
          className="select"
          aria-label={assetIds.length > 1 ? 'Add all selected to a collection' : 'Add to a collection'}
          value=""
          onChange={async (e) => {
            const id = e.target.value;
            if (id && (await addAssets(id, assetIds))) onChanged?.();
          }}
          data-testid="add-to-collection-select"
        >
          <option value="">{assetIds.length > 1 ? 'Add all selected to a collection…' : 'Add to a collection…'}</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      ) : (
        <p className="field__hint">
          {collections.length === 0 ? 'Create a collection in the sidebar to group assets.' : 'In every collection.'}
        </p>
      )}
    </div>
  );
}
