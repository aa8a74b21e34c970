import type { ApprovalState } from '../../../shared/api/schemas';
import { APPROVAL_LABELS, APPROVAL_ORDER } from '../lib/labels';
import { useLibrary } from '../stores/library-store';

/** Native radio buttons: arrow keys, one tab stop and the group's name come for free. */
export function ApprovalFilter() {
  const status = useLibrary((s) => s.filters.status);
  const setFilters = useLibrary((s) => s.setFilters);
  const options: { value: ApprovalState | null; label: string }[] = [{ value: null, label: 'Any state' }, ...APPROVAL_ORDER.map((value) => ({ value, label: APPROVAL_LABELS[value] }))];
  return (
    <fieldset className="sidebar__section filter-group" data-testid="approval-filter">
      <legend className="sidebar__heading">Approval</legend>
      {options.map((option) => (
        <label key={option.value ?? 'any'} className="filter-option">
          <input
            type="radio"
            name="approval-filter"
            checked={status === option.value}
            onChange={() => setFilters({ status: option.value })}
            data-testid={`approval-filter-${option.value ?? 'any'}`}
          />
          {option.value ? <span className={`dot dot--${option.value}`} aria-hidden="true" /> : null}
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
