import type { StrengthHint } from '../lib/passphrase-strength';

/** Four segments and a sentence; the sentence is the accessible part, the bar the glanceable one. */
export function PassphraseStrengthMeter({ hint, id }: { hint: StrengthHint; id: string }) {
  return (
    <div className={`strength strength--${hint.level}`} data-testid="passphrase-strength" data-level={hint.level}>
      <div className="strength__bar" aria-hidden="true">
        {[1, 2, 3, 4].map((segment) => (
          <span key={segment} className={`strength__segment${hint.score >= segment ? ' strength__segment--on' : ''}`} />
        ))}
      </div>
      <p id={id} className="strength__message" aria-live="polite">
        {hint.message}
      </p>
    </div>
  );
}
