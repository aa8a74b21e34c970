import { useState, type DragEvent, type FormEvent } from 'react';
import type { Collection } from '../../../shared/api/schemas';
import { dragHasAssets } from '../lib/asset-drag';
import { formatCount, plural } from '../lib/format';
import { useCollections } from '../stores/collections-store';
import { useLibrary } from '../stores/library-store';
import { useSelection } from '../stores/selection-store';
import { ConfirmDialog } from './ConfirmDialog';
import { Icon } from './Icon';

/**
 * A collection in the sidebar: click to show its assets, rename in place, delete after a confirmation,
 * and a drop target for assets dragged from the grid (the selection is added to it).
 */
export function CollectionItem({ collection }: { collection: Collection }) {
  const active = useLibrary((s) => s.filters.collectionId === collection.id);
  const setFilters = useLibrary((s) => s.setFilters);
  const { rename, remove, addAssets } = useCollections.getState();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(collection.name);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [dropping, setDropping] = useState(false);

  async function saveName(event?: FormEvent) {
    event?.preventDefault();
    const next = name.trim();
    setRenaming(false);
    if (next && next !== collection.name && !(await rename(collection.id, next))) setName(collection.name);
    else if (!next) setName(collection.name);
  }

  function onDragOver(event: DragEvent) {
    if (!dragHasAssets(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropping(true);
  }

  function onDrop(event: DragEvent) {
    if (!dragHasAssets(event.dataTransfer)) return;
    event.preventDefault();
    setDropping(false);
    void addAssets(collection.id, [...useSelection.getState().selected]);
  }

  async function confirmDelete() {
    setConfirmingDelete(false);
    if ((await remove(collection.id)) && active) setFilters({ collectionId: null });
  }

  if (renaming) {
    return (
      <li className="nav-item">
        <form onSubmit={saveName} className="nav-item__form">
          <input
            className="input input--compact"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onBlur={() => void saveName()}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setName(collection.name);
                setRenaming(false);
              }
            }}
            maxLength={200}
            aria-label={`New name for ${collection.name}`}
            autoFocus
            data-testid="collection-rename-input"
          />
        </form>
      </li>
    );
  }

  return (
    <li
      className={`nav-item${active ? ' nav-item--active' : ''}${dropping ? ' nav-item--drop' : ''}`}
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        // Moving onto the item's own buttons is not leaving it.
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={onDrop}
      data-testid="collection-item"
      data-collection-id={collection.id}
    >
      <button
        type="button"
        className="nav-item__button"
        aria-pressed={active}
        onClick={() => setFilters({ collectionId: active ? null : collection.id })}
        title={`${collection.name}: ${plural(collection.assetCount, 'asset')}`}
      >
        <Icon name="folder" />
        <span className="nav-item__label">{collection.name}</span>
        <span className="nav-item__count">{formatCount(collection.assetCount)}</span>
      </button>
      <span className="nav-item__actions">
        <button type="button" className="icon-button" aria-label={`Rename ${collection.name}`} onClick={() => setRenaming(true)} data-testid="collection-rename">
          <Icon name="pencil" size={14} />
        </button>
        <button type="button" className="icon-button" aria-label={`Delete ${collection.name}`} onClick={() => setConfirmingDelete(true)} data-testid="collection-delete">
          <Icon name="trash" size={14} />
        </button>
      </span>
      {confirmingDelete ? (
        <ConfirmDialog title={`Delete “${collection.name}”?`} confirmLabel="Delete collection" danger onConfirm={() => void confirmDelete()} onCancel={() => setConfirmingDelete(false)}>
          <p>
            {collection.assetCount === 1
              ? 'The collection goes; its asset stays in the vault.'
              : `The collection goes; its ${plural(collection.assetCount, 'asset')} stay in the vault.`}
          </p>
        </ConfirmDialog>
      ) : null}
    </li>
  );
}
