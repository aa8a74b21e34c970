// ESLint flat config for Strongroom.
//
// Besides the usual recommended sets, this file enforces the layering of the app:
//
//   shared/         the API contract: pure TS, must run in a browser, imports nothing from the app or Node
//   electron/core/  the engine: Node is fine, Electron and the shell/UI layers are not
//   electron/web/   the browser shell: plain Node over electron/core and shared/, no Electron, no UI code
//   electron/main/, electron/preload/   the Electron shell (may use everything)
//   renderer/       the UI: browser only; talks to the engine through shared/ types and the preload bridge
//
// The layer rules use `no-restricted-imports` with regex patterns on the import specifier. A relative
// specifier only means something relative to the importing file, so the rules are generated per
// directory depth: from `electron/core/keys/x.ts`, `../main/y` is `electron/core/main/y` (allowed) while
// `../../main/y` is `electron/main/y` (forbidden). Files deeper than MAX_DEPTH fall back to the
// depth-0 patterns (stricter: a core-internal `../main` would be flagged there).
//
// Not covered (by design of the rule): dynamic `import()` and `require()`.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const SOURCE_EXTS = '{ts,tsx,js,mjs}';
const MAX_DEPTH = 8;

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `node:fs`, `fs`, `fs/promises`, ... (every Node built-in, with or without the `node:` scheme). */
const NODE_BUILTIN_RE = `^(node:.*|(${[...new Set(builtinModules.map((m) => m.split('/')[0]))]
  .filter((m) => !m.startsWith('_'))
  .map(escapeRe)
  .join('|')})(/.*)?)$`;

/** `electron`, `electron/main`, `electron/renderer`, ... (the npm package). */
const ELECTRON_PKG_RE = '^electron(/.*)?$';

/**
 * A relative specifier climbing at least `n` directories (a leading `./` is tolerated). Only the lower
 * bound matters: climbing further than the repo root and back down is nonsense, and flagging it is fine.
 */
const ups = (n) => `^(\\./)?(\\.\\./){${n},}`;

/** A regex restriction; `caseSensitive` because `Main/` and `main/` are different directories on Linux. */
const restrict = (regex, message) => ({ regex, message, caseSensitive: true });

/**
 * Restrictions for a file `depth` directories below `electron/core/` (depth 0 = electron/core/x.ts).
 * From there, `electron/` is `depth + 1` levels up and the repo root `depth + 2`.
 */
function corePatterns(depth) {
  const toElectron = ups(depth + 1);
  const toRoot = ups(depth + 2);
  const msg =
    'electron/core is the engine: it must not depend on Electron or on the shell/UI layers ' +
    '(electron/main, electron/preload, renderer). Pass what it needs in through an interface instead.';
  return [
    restrict(ELECTRON_PKG_RE, msg),
    restrict(`${toElectron}(main|preload)(/|$)`, msg),
    restrict(`${toRoot}(electron/(main|preload)|renderer)(/|$)`, msg),
    // Absolute or oddly-rooted paths that still name the forbidden layers.
    restrict('^/.*/(electron/(main|preload)|renderer)(/|$)', msg),
  ];
}

/**
 * Restrictions for a file `depth` directories below `electron/web/`: the same reach as the core (it may
 * use electron/core, shared/ and Node), since it runs the engine in a plain Node process. It serves the
 * built renderer as files and never imports its source.
 */
function webPatterns(depth) {
  const toElectron = ups(depth + 1);
  const toRoot = ups(depth + 2);
  const msg =
    'electron/web is the browser shell, a plain Node server over electron/core and shared/: it must not ' +
    'depend on Electron or on electron/main, electron/preload or renderer (it serves the built renderer as files).';
  return [
    restrict(ELECTRON_PKG_RE, msg),
    restrict(`${toElectron}(main|preload)(/|$)`, msg),
    restrict(`${toRoot}(electron/(main|preload)|renderer)(/|$)`, msg),
    restrict('^/.*/(electron/(main|preload)|renderer)(/|$)', msg),
  ];
}

/** Restrictions for a file `depth` directories below `shared/`. */
function sharedPatterns(depth) {
  const toRoot = ups(depth + 1);
  const msg =
    'shared/ is the API contract and must run in a browser: no imports from electron/, renderer/, ' +
    'Electron, or Node built-ins.';
  return [
    restrict(ELECTRON_PKG_RE, msg),
    restrict(NODE_BUILTIN_RE, msg),
    restrict(`${toRoot}(electron|renderer)(/|$)`, msg),
    restrict('^/.*/(electron|renderer)(/|$)', msg),
  ];
}

/** Restrictions for a file `depth` directories below `renderer/`. */
function rendererPatterns(depth) {
  const toRoot = ups(depth + 1);
  const msg =
    'renderer/ runs in the browser sandbox: no Electron, no Node built-ins, and no engine or shell code ' +
    '(electron/core, electron/main). Use the types in shared/ and the preload bridge.';
  return [
    restrict(ELECTRON_PKG_RE, msg),
    restrict(NODE_BUILTIN_RE, msg),
    restrict(`${toRoot}electron/(core|main)(/|$)`, msg),
    restrict('^/.*/electron/(core|main)(/|$)', msg),
  ];
}

/**
 * Config objects for one layer: a fallback for the whole tree (as if every file sat at the top of the
 * layer: stricter than needed for deep files), then per-depth overrides for depths 0..MAX_DEPTH (a later
 * matching object replaces the rule's options wholesale).
 */
function layer(root, patternsFor) {
  const rule = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
  const blocks = [
    { name: `strongroom/layers/${root}`, files: [`${root}/**/*.${SOURCE_EXTS}`], rules: rule(patternsFor(0)) },
  ];
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    blocks.push({
      name: `strongroom/layers/${root}/depth-${depth}`,
      files: [`${root}/${'*/'.repeat(depth)}*.${SOURCE_EXTS}`],
      rules: rule(patternsFor(depth)),
    });
  }
  return blocks;
}

export default defineConfig(
  globalIgnores(['**/node_modules/', 'dist/', 'out/', 'scratch/', 'coverage/', '.electron-native/'], 'strongroom/ignores'),

  {
    name: 'strongroom/files',
    files: [`**/*.${SOURCE_EXTS}`],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
    },
  },
  {
    name: 'strongroom/globals/node',
    files: [`**/*.${SOURCE_EXTS}`],
    ignores: ['renderer/**', 'shared/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  { ...js.configs.recommended, name: 'eslint/recommended', files: [`**/*.${SOURCE_EXTS}`] },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: c.files ?? [`**/*.${SOURCE_EXTS}`] })),

  {
    name: 'strongroom/rules',
    files: [`**/*.${SOURCE_EXTS}`],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },

  // Browser-side code gets browser globals, not Node's.
  {
    name: 'strongroom/globals/renderer',
    files: [`renderer/**/*.${SOURCE_EXTS}`],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    name: 'strongroom/globals/shared',
    files: [`shared/**/*.${SOURCE_EXTS}`],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
  },

  ...layer('electron/core', corePatterns),
  ...layer('electron/web', webPatterns),
  ...layer('shared', sharedPatterns),
  ...layer('renderer', rendererPatterns),
);
