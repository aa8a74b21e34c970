import { useId } from 'react';
import { imageFormatSchema } from '../../../shared/api/schemas';
import { FORMAT_LABELS, FORMAT_ORDER } from '../lib/labels';
import { useLibrary } from '../stores/library-store';

export function FormatFilter() {
  const format = useLibrary((s) => s.filters.format);
  const setFilters = useLibrary((s) => s.setFilters);
  const id = useId();
  return (
    <div className="sidebar__section">
      <label htmlFor={id} className="sidebar__heading">
        Format
      </label>
      <select
        id={id}
        className="select"
        value={format ?? ''}
        onChange={(e) => {
          const parsed = imageFormatSchema.safeParse(e.target.value);
          setFilters({ format: parsed.success ? parsed.data : null });
        }}
        data-testid="format-filter"
      >
        <option value="">Any format</option>
        {FORMAT_ORDER.map((f) => (
          <option key={f} value={f}>
            {FORMAT_LABELS[f]}
          </option>
        ))}
      </select>
    </div>
  );
}
