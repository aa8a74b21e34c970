import { useState, type ChangeEvent } from 'react';
import { Icon } from './Icon';

export interface SecretFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  onChange(value: string): void;
  readonly testId: string;
  readonly autoComplete: 'new-password' | 'current-password' | 'off';
  readonly autoFocus?: boolean;
  readonly describedBy?: string;
  readonly invalid?: boolean;
  readonly monospace?: boolean;
  readonly placeholder?: string;
}

/** A passphrase or key field with a show/hide toggle (typing a long passphrase blind invites typos). */
export function SecretField(props: SecretFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="field">
      <label className="field__label" htmlFor={props.id}>
        {props.label}
      </label>
      <div className="secret-field">
        <input
          id={props.id}
          className={`input${props.monospace ? ' input--mono' : ''}`}
          type={visible ? 'text' : 'password'}
          value={props.value}
          onChange={(event: ChangeEvent<HTMLInputElement>) => props.onChange(event.target.value)}
          autoComplete={props.autoComplete}
          autoFocus={props.autoFocus}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          placeholder={props.placeholder}
          aria-describedby={props.describedBy}
          aria-invalid={props.invalid || undefined}
          data-testid={props.testId}
        />
        <button
          type="button"
          className="icon-button secret-field__toggle"
          aria-label={visible ? `Hide ${props.label.toLowerCase()}` : `Show ${props.label.toLowerCase()}`}
          aria-pressed={visible}
          onClick={() => setVisible((v) => !v)}
        >
          <Icon name={visible ? 'eyeOff' : 'eye'} />
        </button>
      </div>
    </div>
  );
}
