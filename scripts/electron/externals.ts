/**
 * Packages the main-process bundle loads at run time instead of inlining. Native addons cannot be
 * bundled (they are found through their package folder), so they ship in the app's node_modules
 * together with their own dependencies; everything else (zod, exifr, the engine) is in the bundle.
 * `electron` is external too, but is provided by the runtime and never shipped.
 */
export const RUNTIME_EXTERNALS = ['better-sqlite3-multiple-ciphers', 'keytar', 'sharp'] as const;
