import { sortSchema } from '../../../shared/api/schemas';
import { SORT_LABELS, SORT_ORDER } from '../lib/labels';
import { useLibrary } from '../stores/library-store';

export function SortSelect() {
  const sort = useLibrary((s) => s.sort);
  const setSort = useLibrary((s) => s.setSort);
  return (
    <select
      className="select select--compact"
      value={sort}
      onChange={(e) => {
        const parsed = sortSchema.safeParse(e.target.value);
        if (parsed.success) setSort(parsed.data);
      }}
      aria-label="Sort assets"
      data-testid="sort-select"
    >
      {SORT_ORDER.map((s) => (
        <option key={s} value={s}>
          {SORT_LABELS[s]}
        </option>
      ))}
    </select>
  );
}
