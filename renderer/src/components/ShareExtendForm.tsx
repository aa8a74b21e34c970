import { useId, useState } from 'react';
import type { ShareDetail } from '../../../shared/api/share-contract';
import { EXPIRY_CHOICES, expiryFromChoice, type ExpiryChoice } from '../lib/share-form';
import { EXPIRY_PRESET_LABELS } from '../lib/share-labels';
import { useShares } from '../stores/shares-store';
import { ChoiceGroup } from './ChoiceGroup';

const LABELS: Readonly<Record<ExpiryChoice, string>> = { ...EXPIRY_PRESET_LABELS, date: 'Until…', never: 'Never' };

/** A new expiry for a link: a quick choice from now, a date, or (explicitly) never. */
export function ShareExtendForm({ share }: { share: ShareDetail }) {
  const [choice, setChoice] = useState<ExpiryChoice>('7d');
  const [date, setDate] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const dateId = useId();
  const problemId = useId();
  const extend = useShares((s) => s.extend);
  return (
    <form
      className="share-inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = expiryFromChoice(choice, date);
        if (!parsed.ok) {
          setProblem(parsed.problem);
          return;
        }
        setProblem(null);
        void extend(share.id, parsed.value);
      }}
      data-testid="share-extend-form"
    >
      <ChoiceGroup legend="New expiry (from now)" value={choice} options={EXPIRY_CHOICES} labels={LABELS} onChange={(c) => (setChoice(c), setProblem(null))} testId="share-extend-choice" />
      {choice === 'date' ? (
        <div className="field">
          <label className="field__label" htmlFor={dateId}>
            Works until
          </label>
          <input id={dateId} type="datetime-local" className="input" value={date} onChange={(e) => setDate(e.target.value)} aria-invalid={problem ? true : undefined} aria-describedby={problem ? problemId : undefined} data-testid="share-extend-date" />
        </div>
      ) : null}
      {problem ? (
        <p id={problemId} className="field__error">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--small" data-testid="share-extend">
        Set expiry
      </button>
    </form>
  );
}
