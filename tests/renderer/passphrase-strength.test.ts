import { describe, expect, it } from 'vitest';
import { assessPassphrase, characterClasses, isCommonPassword, passwordCore } from '../../renderer/src/lib/passphrase-strength';

describe('passphrase strength hint', () => {
  it('requires at least 8 characters, counting characters rather than UTF-16 units', () => {
    expect(assessPassphrase('').level).toBe('empty');
    const short = assessPassphrase('Ab3$xyz');
    expect(short.level).toBe('too-short');
    expect(short.acceptable).toBe(false);
    expect(short.message).toContain('1 more character');
    expect(assessPassphrase('😀😀😀😀😀😀😀').level).toBe('too-short');
  });

  it('refuses common passwords, also dressed up with capitals, leetspeak and suffixes', () => {
    for (const p of ['password', 'Password1!', 'P@ssw0rd', 'Summer2024!', 'letmein123', 'qwertyuiop', '12345678', 'iloveyou!!', 'Strongroom1']) {
      const hint = assessPassphrase(p);
      expect(hint.level, p).toBe('common');
      expect(hint.acceptable, p).toBe(false);
    }
  });

  it('refuses repetition and keyboard or counting runs', () => {
    expect(isCommonPassword('aaaaaaaa')).toBe(true);
    expect(isCommonPassword('abcabcabc')).toBe(true);
    expect(isCommonPassword('asdfghjk')).toBe(true);
    expect(isCommonPassword('34567890')).toBe(true);
    expect(isCommonPassword('blue lantern')).toBe(false);
  });

  it('folds a password to its guessable core', () => {
    expect(passwordCore('P@ssw0rd2024!')).toBe('password');
    expect(passwordCore('Dragon!!')).toBe('dragon');
  });

  it('counts character classes, with spaces and accents as "other"', () => {
    expect(characterClasses('abcdefgh')).toBe(1);
    expect(characterClasses('abcDEF12')).toBe(3);
    expect(characterClasses('abc DEF 12!')).toBe(4);
    expect(characterClasses('crème brûlée')).toBe(2);
  });

  it('rates length above symbol soup', () => {
    expect(assessPassphrase('mango tractor').level).toBe('fair');
    expect(assessPassphrase('Tr0ub4dor&3').level).toBe('fair');
    expect(assessPassphrase('kettle-spruce-harbor').level).toBe('very-strong');
    expect(assessPassphrase('correct horse battery staple').level).toBe('very-strong');
    expect(assessPassphrase('violetgardens').level).toBe('fair');
    expect(assessPassphrase('zebrafinch').level).toBe('weak');
  });

  it('accepts anything long enough that is not common, weak or not', () => {
    const weak = assessPassphrase('zebrafinch');
    expect(weak.acceptable).toBe(true);
    expect(weak.score).toBe(1);
    expect(assessPassphrase('correct horse battery staple').score).toBe(4);
  });
});
