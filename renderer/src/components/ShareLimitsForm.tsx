import { useState } from 'react';
import type { ShareDetail } from '../../../shared/api/share-contract';
import { LIMIT_PROBLEM, parseLimitText } from '../lib/share-form';
import { useShares } from '../stores/shares-store';
import { TextInputField } from './TextInputField';

const asText = (n: number | null) => (n === null ? '' : String(n));

/** New view and download limits (empty: no limit); counts so far stay, so a limit at or below them uses the link up. */
export function ShareLimitsForm({ share }: { share: ShareDetail }) {
  const [views, setViews] = useState(asText(share.maxViews));
  const [downloads, setDownloads] = useState(asText(share.maxDownloads));
  const [errors, setErrors] = useState<{ views?: string; downloads?: string }>({});
  const changeLimits = useShares((s) => s.changeLimits);
  return (
    <form
      className="share-inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const maxViews = parseLimitText(views);
        const maxDownloads = parseLimitText(downloads);
        const problems = { ...(maxViews === undefined ? { views: LIMIT_PROBLEM } : {}), ...(maxDownloads === undefined ? { downloads: LIMIT_PROBLEM } : {}) };
        setErrors(problems);
        if (maxViews === undefined || maxDownloads === undefined) return;
        void changeLimits(share.id, { maxViews, maxDownloads });
      }}
      data-testid="share-limits-form"
    >
      <div className="row row--fields">
        <TextInputField label="Maximum views" value={views} onChange={setViews} error={errors.views} placeholder="No limit" maxLength={9} testId="share-limit-views" />
        <TextInputField label="Maximum downloads" value={downloads} onChange={setDownloads} error={errors.downloads} placeholder="No limit" maxLength={9} testId="share-limit-downloads" />
      </div>
      <button type="submit" className="button button--small" data-testid="share-limits-save">
        Save limits
      </button>
    </form>
  );
}
