import { useState, type FormEvent } from 'react';
import { useCollections } from '../stores/collections-store';

/** Inline "name it and press Enter"; Escape or leaving an empty field abandons it. */
export function NewCollectionForm({ onDone }: { onDone(): void }) {
  const create = useCollections((s) => s.create);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return onDone();
    if (busy) return;
    setBusy(true);
    const created = await create(trimmed);
    setBusy(false);
    if (created) onDone();
  }

  return (
    <form className="nav-item__form" onSubmit={submit}>
      <input
        className="input input--compact"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => void submit()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onDone();
        }}
        placeholder="Collection name"
        aria-label="Name of the new collection"
        maxLength={200}
        autoFocus
        disabled={busy}
        data-testid="new-collection-input"
      />
    </form>
  );
}
