import { useId } from 'react';
import { approvalStateSchema, type VersionInfo } from '../../../shared/api/schemas';
import { formatBytes, formatDateTime } from '../lib/format';
import { APPROVAL_LABELS, APPROVAL_ORDER } from '../lib/labels';
import { useDetail } from '../stores/detail-store';

export function VersionRow({ version }: { version: VersionInfo }) {
  const setApproval = useDetail((s) => s.setApproval);
  const selectId = useId();
  return (
    <li className={`version${version.current ? ' version--current' : ''}`} data-testid="version-row" data-version={version.number} data-current={version.current}>
      <div className="version__head">
        <span className="version__number">Version {version.number}</span>
        {version.current ? (
          <span className="badge badge--current" data-testid="version-current">
            current
          </span>
        ) : null}
      </div>
      <div className="version__file" title={version.originalFilename}>
        {version.originalFilename}
      </div>
      <div className="version__meta muted">
        {version.width.toLocaleString()} × {version.height.toLocaleString()} · {formatBytes(version.byteSize)} · imported {formatDateTime(version.importTime)}
      </div>
      <div className="version__approval">
        <label htmlFor={selectId} className="visually-hidden">
          Approval of version {version.number}
        </label>
        <select
          id={selectId}
          className={`select select--compact select--${version.approval}`}
          value={version.approval}
          onChange={(e) => {
            const parsed = approvalStateSchema.safeParse(e.target.value);
            if (parsed.success) void setApproval(version.number, parsed.data);
          }}
          data-testid="version-approval"
        >
          {APPROVAL_ORDER.map((state) => (
            <option key={state} value={state}>
              {APPROVAL_LABELS[state]}
            </option>
          ))}
        </select>
      </div>
    </li>
  );
}
