import { useMemo } from 'react';
import { formatCount } from '../lib/format';
import { useLibrary } from '../stores/library-store';
import { useSelection } from '../stores/selection-store';
import { CollectionMembership } from './CollectionMembership';
import { TagEditor } from './TagEditor';

/** Tags of this many loaded assets at most are gathered for the chips; enough to be useful, cheap to compute. */
const SUMMARY_SAMPLE = 2000;

/** Several assets: what can be done to all of them at once (tags, collections). */
export function MultiSelectionView() {
  const selected = useSelection((s) => s.selected);
  const clear = useSelection((s) => s.clear);
  const cache = useLibrary((s) => s.cache);
  const ids = useMemo(() => [...selected], [selected]);

  // Tags present on any selected asset that is loaded; × removes a tag from every selected asset.
  const tags = useMemo(() => {
    const found = new Map<string, string>();
    let seen = 0;
    for (const page of cache.pages.values()) {
      for (const asset of page.items) {
        if (!selected.has(asset.id)) continue;
        for (const tag of asset.tags) if (!found.has(tag.toLocaleLowerCase())) found.set(tag.toLocaleLowerCase(), tag);
        if (++seen >= SUMMARY_SAMPLE) break;
      }
    }
    return [...found.values()].sort((a, b) => a.localeCompare(b));
  }, [selected, cache]);

  return (
    <div className="detail__body" data-testid="multi-selection">
      <p className="detail__summary">
        {formatCount(selected.size)} assets selected.{' '}
        <button type="button" className="link-button" onClick={clear}>
          Clear selection
        </button>
      </p>
      <section className="detail__section">
        <TagEditor assetIds={ids} tags={tags} />
      </section>
      <CollectionMembership assetIds={ids} memberOf={[]} />
    </div>
  );
}
