import { useState } from 'react';
import { useCollections } from '../stores/collections-store';
import { CollectionItem } from './CollectionItem';
import { Icon } from './Icon';
import { NewCollectionForm } from './NewCollectionForm';

export function CollectionList() {
  const collections = useCollections((s) => s.collections);
  const [creating, setCreating] = useState(false);
  return (
    <section className="sidebar__section" aria-labelledby="sidebar-collections">
      <div className="sidebar__heading-row">
        <h2 id="sidebar-collections" className="sidebar__heading">
          Collections
        </h2>
        <button type="button" className="icon-button" aria-label="New collection" onClick={() => setCreating(true)} data-testid="new-collection">
          <Icon name="plus" size={14} />
        </button>
      </div>
      {creating ? <NewCollectionForm onDone={() => setCreating(false)} /> : null}
      {collections.length === 0 && !creating ? (
        <p className="sidebar__hint">Group assets for a campaign or a client, then drag assets onto it.</p>
      ) : (
        <ul className="nav-list" data-testid="collection-list">
          {collections.map((collection) => (
            <CollectionItem key={collection.id} collection={collection} />
          ))}
        </ul>
      )}
    </section>
  );
}
