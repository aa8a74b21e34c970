/** A determinate progress bar, announced with its label and a readable value (imports and exports). */
export function ProgressBar({ label, fraction, valueText }: { label: string; fraction: number; valueText: string }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(fraction * 100)}
      aria-valuetext={valueText}
    >
      <div className="progress__bar" style={{ width: `${Math.min(100, fraction * 100)}%` }} />
    </div>
  );
}
