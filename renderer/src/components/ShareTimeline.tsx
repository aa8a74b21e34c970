import type { ShareLogEntry } from '../../../shared/api/share-contract';
import { formatCount } from '../lib/format';
import { describeLogEntry } from '../lib/share-labels';

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** What happened to a link, oldest first: each request with its outcome, the (truncated) address and the browser. */
export function ShareTimeline({ log, total }: { log: readonly ShareLogEntry[]; total: number }) {
  if (log.length === 0) return <p className="muted">Nobody has opened this link yet.</p>;
  return (
    <>
      {total > log.length ? <p className="muted">The newest {formatCount(log.length)} of {formatCount(total)} entries.</p> : null}
      <ol className="share-timeline" data-testid="share-timeline">
        {log.map((entry, i) => (
          <li key={`${entry.at}-${i}`} className={`share-timeline__entry share-timeline__entry--${entry.event}`} data-testid="share-timeline-entry" data-event={entry.event} data-reason={entry.reason ?? ''}>
            <time dateTime={new Date(entry.at).toISOString()} className="share-timeline__time">
              {time.format(entry.at)}
            </time>
            <span className="share-timeline__what">{describeLogEntry(entry)}</span>
            <span className="share-timeline__who muted">
              {entry.ip ?? 'address unknown'}
              {entry.userAgent ? ` · ${entry.userAgent}` : ''}
              {entry.referrer ? ` · from ${entry.referrer}` : ''}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
