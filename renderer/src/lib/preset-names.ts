/** Names for new and duplicated presets that do not clash with the saved ones. */
const PRESET_NAME_MAX = 100;

/** `base`, or "base 2", "base 3", … : a name no preset in `taken` has (case-insensitive), within the name limit. */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLocaleLowerCase()));
  const stem = base.trim() || 'Watermark';
  for (let k = 1; ; k++) {
    const suffix = k === 1 ? '' : ` ${k}`;
    const candidate = `${[...stem].slice(0, PRESET_NAME_MAX - suffix.length).join('')}${suffix}`;
    if (!used.has(candidate.toLocaleLowerCase())) return candidate;
  }
}

/** The name of a duplicate: "Logo copy", then "Logo copy 2", … */
export function copyName(name: string, taken: Iterable<string>): string {
  return uniqueName(`${name.trim() || 'Watermark'} copy`, taken);
}
