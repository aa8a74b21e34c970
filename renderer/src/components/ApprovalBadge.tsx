import type { ApprovalState } from '../../../shared/api/schemas';
import { APPROVAL_LABELS } from '../lib/labels';

export function ApprovalBadge({ state }: { state: ApprovalState }) {
  return (
    <span className={`badge badge--${state}`} data-testid="approval-badge" data-state={state}>
      {APPROVAL_LABELS[state]}
    </span>
  );
}
