import { COMMON_PASSWORDS, COMMON_PASSWORD_CORES, KEYBOARD_RUNS } from './common-passwords';

/** The vault refuses shorter passphrases (shared/api/contract.ts, vault.create). */
export const MIN_PASSPHRASE_LENGTH = 8;

export type StrengthLevel = 'empty' | 'too-short' | 'common' | 'weak' | 'fair' | 'strong' | 'very-strong';

export interface StrengthHint {
  readonly level: StrengthLevel;
  /** 0–4, for the meter. */
  readonly score: number;
  /** May this passphrase be used at all (long enough and not a well-known one)? */
  readonly acceptable: boolean;
  readonly message: string;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i' };

/** "P@ssw0rd2024!" → "password": case folded, leetspeak undone, the usual digit/symbol suffix dropped. */
export function passwordCore(text: string): string {
  const lowered = text.toLowerCase();
  const withoutSuffix = lowered.replace(/[\p{Nd}\p{P}\p{S}\s]+$/u, '');
  const base = withoutSuffix.length >= 3 ? withoutSuffix : lowered;
  return Array.from(base, (ch) => LEET[ch] ?? ch).join('');
}

function isRepeatedPattern(text: string): boolean {
  // One character or one short chunk over and over: "aaaaaaaa", "abcabcabc", "12121212".
  return /^(.{1,3})\1+$/su.test(text);
}

function isKeyboardRun(text: string): boolean {
  const lowered = text.toLowerCase();
  return lowered.length >= 4 && KEYBOARD_RUNS.some((run) => run.includes(lowered));
}

export function isCommonPassword(text: string): boolean {
  const lowered = text.toLowerCase();
  return (
    COMMON_PASSWORDS.has(lowered) ||
    COMMON_PASSWORD_CORES.has(passwordCore(text)) ||
    isRepeatedPattern(text) ||
    isKeyboardRun(text)
  );
}

/** How many of: lower case, upper case, digits, anything else (spaces and accents count as "else"). */
export function characterClasses(text: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(text)).length;
}

function lengthPoints(length: number): number {
  if (length >= 20) return 3;
  if (length >= 16) return 2;
  if (length >= 12) return 1;
  return 0;
}

/**
 * A strength hint from length, character classes and a common-password check. Length dominates on
 * purpose: four unrelated words beat "Tr0ub4dor&3", and the hint should steer people that way.
 */
export function assessPassphrase(passphrase: string): StrengthHint {
  const length = Array.from(passphrase).length;
  if (length === 0) return { level: 'empty', score: 0, acceptable: false, message: `Use at least ${MIN_PASSPHRASE_LENGTH} characters; several unrelated words work best.` };
  if (length < MIN_PASSPHRASE_LENGTH) {
    const missing = MIN_PASSPHRASE_LENGTH - length;
    return { level: 'too-short', score: 0, acceptable: false, message: `Too short: ${missing} more character${missing === 1 ? '' : 's'} needed.` };
  }
  if (isCommonPassword(passphrase)) {
    return { level: 'common', score: 0, acceptable: false, message: 'This is one of the first passwords attackers try. Choose something else.' };
  }
  const classes = characterClasses(passphrase);
  const score = Math.min(4, 1 + lengthPoints(length) + (classes >= 3 ? 1 : 0));
  if (score <= 1) return { level: 'weak', score, acceptable: true, message: 'Weak: make it longer, for example four or more unrelated words.' };
  if (score === 2) return { level: 'fair', score, acceptable: true, message: 'Fair: a few more characters or another word would make it strong.' };
  if (score === 3) return { level: 'strong', score, acceptable: true, message: 'Strong.' };
  return { level: 'very-strong', score, acceptable: true, message: 'Very strong.' };
}
