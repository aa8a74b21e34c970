/** The key two tag or collection names share when they differ only in case, in any script. */
export function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase().normalize('NFC');
}
