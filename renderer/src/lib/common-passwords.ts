/**
 * Words that top every leaked-password list. A passphrase whose core (case folded, leetspeak undone,
 * trailing digits and symbols dropped) is one of these falls to the first minutes of a guessing attack,
 * however long "Summer2024!!" looks. Short on purpose: a hint, not a breach database.
 */
export const COMMON_PASSWORD_CORES: ReadonlySet<string> = new Set([
  'password', 'passwort', 'motdepasse', 'contrasena', 'qwerty', 'qwertz', 'azerty', 'asdf', 'zxcvbn',
  'letmein', 'welcome', 'iloveyou', 'admin', 'administrator', 'root', 'login', 'master', 'secret',
  'changeme', 'default', 'guest', 'test', 'user', 'dragon', 'monkey', 'shadow', 'sunshine', 'princess',
  'football', 'baseball', 'soccer', 'hockey', 'superman', 'batman', 'starwars', 'pokemon', 'trustno',
  'whatever', 'freedom', 'computer', 'internet', 'michael', 'charlie', 'jennifer', 'jordan', 'hunter',
  'ginger', 'pepper', 'cheese', 'flower', 'summer', 'winter', 'spring', 'autumn', 'hello', 'hellothere',
  'loveme', 'lovely', 'family', 'love', 'money', 'killer', 'matrix', 'mustang', 'ninja', 'access',
  'abc', 'abcd', 'abcdef', 'photo', 'photos', 'product', 'products', 'shop', 'store', 'studio',
  'strongroom', 'vault', 'image', 'images', 'camera', 'company', 'business', 'office', 'welkom',
  'bienvenue', 'willkommen', 'passpass', 'mypassword', 'mypass', 'newpassword', 'nopassword',
]);

/** Whole strings that need no core folding to be recognised. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '12345678', '123456789', '1234567890', '87654321', '11111111', '00000000', '12341234', '11223344',
  '123123123', '147258369', '159753456', '1q2w3e4r', '1q2w3e4r5t', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm1',
  'q1w2e3r4', 'a1b2c3d4', 'aa123456', 'abc12345', 'abcd1234', 'passw0rd', 'p@ssw0rd', 'p@ssword',
]);

/** Runs of adjacent keys or counting that people believe are random. */
export const KEYBOARD_RUNS: readonly string[] = [
  'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertzuiop', 'yxcvbnm', 'azertyuiop', 'qsdfghjklm', 'wxcvbn',
  '1234567890', '0987654321', 'abcdefghijklmnopqrstuvwxyz',
];
