import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Build of the renderer (the UI). Run from the repository root:
 *   vite build --config renderer/vite.config.ts   →   dist/renderer/
 *
 * Paths are derived from this file's URL rather than the working directory so the config works from
 * anywhere. `node:url` is off limits here (renderer/ may not import Node built-ins, see eslint.config.js),
 * so the file URL is turned into a path by hand; the drive-letter fix-up is for Windows.
 */
function dirOf(url: string): string {
  return decodeURIComponent(new URL('.', url).pathname).replace(/^\/([A-Za-z]:\/)/, '$1');
}

const rendererDir = dirOf(import.meta.url);

/**
 * The content security policy, as a meta tag in the built page only: the dev server needs inline
 * scripts and styles for hot reload, the built app needs neither. It is defence in depth; the Electron
 * and browser shells send their own policy, and a meta policy can only narrow theirs.
 * `strongroom-media:` is where Electron serves decrypted renditions; the browser shell serves them from
 * 'self'.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' strongroom-media: blob: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'strongroom-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  root: rendererDir,
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: `${rendererDir}../dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Electron's Chromium and every browser the shell supports have native modulepreload.
    modulePreload: { polyfill: false },
    // Inlined assets would become data: URLs; keep every asset a file so the CSP stays simple.
    assetsInlineLimit: 0,
  },
});
