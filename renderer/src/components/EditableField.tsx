import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Icon } from './Icon';

export interface EditableFieldProps {
  readonly label: string;
  readonly value: string | null;
  /** Saves; resolves false when the engine refused (the field then shows the stored value again). */
  onSave(value: string | null): Promise<boolean>;
  readonly required?: boolean;
  readonly multiline?: boolean;
  readonly maxLength: number;
  readonly placeholder?: string;
  readonly testId: string;
}

type SaveState = 'idle' | 'saving' | 'saved';

/**
 * A field that saves itself: on blur or Enter (Shift+Enter for a new line in multi-line fields);
 * Escape puts the stored value back. While the user edits, updates from elsewhere do not overwrite
 * the text being typed.
 */
export function EditableField({ label, value, onSave, required = false, multiline = false, maxLength, placeholder, testId }: EditableFieldProps) {
  const stored = value ?? '';
  const [draft, setDraft] = useState(stored);
  const [editing, setEditing] = useState(false);
  const [state, setState] = useState<SaveState>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const savedTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const id = useId();
  const problemId = useId();

  useEffect(() => {
    if (!editing) setDraft(stored);
  }, [stored, editing]);
  useEffect(() => () => clearTimeout(savedTimer.current), []);

  async function commit() {
    const next = draft.trim();
    if (next === stored.trim()) return;
    if (required && next === '') {
      setProblem(`${label} cannot be empty.`);
      setDraft(stored);
      return;
    }
    setProblem(null);
    setState('saving');
    const ok = await onSave(next === '' ? null : next);
    if (!ok) {
      setDraft(stored);
      setState('idle');
      return;
    }
    setState('saved');
    clearTimeout(savedTimer.current);
    savedTimer.current = setTimeout(() => setState('idle'), 1500);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !(multiline && event.shiftKey)) {
      event.preventDefault();
      void commit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setDraft(stored);
      setProblem(null);
      event.currentTarget.blur();
    }
  }

  const common = {
    id,
    className: `input${multiline ? ' input--multiline' : ''}`,
    value: draft,
    maxLength,
    placeholder,
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onFocus: () => setEditing(true),
    onBlur: () => {
      setEditing(false);
      void commit();
    },
    onKeyDown,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? problemId : undefined,
    'data-testid': testId,
  };

  return (
    <div className="field">
      <div className="field__label-row">
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        <span className="field__status" aria-live="polite">
          {state === 'saving' ? 'Saving…' : null}
          {state === 'saved' ? (
            <>
              <Icon name="check" size={12} /> Saved
            </>
          ) : null}
        </span>
      </div>
      {multiline ? <textarea rows={3} {...common} /> : <input {...common} />}
      {problem ? (
        <p id={problemId} className="field__error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
