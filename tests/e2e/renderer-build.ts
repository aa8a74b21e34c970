import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built renderer that end-to-end tests and UI benchmarks serve: dist/renderer, the same folder
 * `npm run build:renderer` and `strongroom web` use. It is rebuilt (with Vite's Node API) when it is
 * missing or older than any source it is built from (renderer/, shared/), so a fresh clone, or an edit
 * to a component, never tests a stale UI. No vitest import here: bench/ui-*.ts shares this file.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_DIST = path.join(repoRoot, 'dist', 'renderer');
const SOURCES = [path.join(repoRoot, 'renderer'), path.join(repoRoot, 'shared')];
const CONFIG = path.join(repoRoot, 'renderer', 'vite.config.ts');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.parentPath.includes(`${path.sep}node_modules`)) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Why dist/renderer needs building, or null when it is up to date. */
export function rendererStaleReason(): string | null {
  const index = path.join(RENDERER_DIST, 'index.html');
  if (!existsSync(index)) return 'dist/renderer/index.html is missing';
  const built = statSync(index).mtimeMs;
  const sources = Math.max(...SOURCES.map(newestMtime));
  return sources > built ? 'renderer sources are newer than dist/renderer' : null;
}

const BUILD_LOCK = `${RENDERER_DIST}.lock`;
/** A lock older than this was left by a build that died (a build takes seconds). */
const STALE_LOCK_MS = 10 * 60_000;

/**
 * One build at a time across processes: test files run in parallel workers, and on a fresh clone
 * every end-to-end file finds dist/renderer missing at once. A second builder's swap would delete the
 * folder a first file's shell is serving. The lock is a directory (mkdir is atomic).
 */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  // A fresh clone has no dist/ yet.
  mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(BUILD_LOCK).mtimeMs > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      } catch {
        // Released meanwhile: try again.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds the renderer into a sibling folder and swaps it in, so a reader never sees a half-written
 * dist/renderer; one process at a time, and not again when another has just built it. Returns what it
 * did, for a log line.
 */
export async function ensureRendererBuilt(): Promise<string> {
  if (rendererStaleReason() === null) return 'dist/renderer is up to date';
  return withBuildLock(async () => {
    const reason = rendererStaleReason();
    return reason === null ? 'dist/renderer was built by another test file' : buildRenderer(reason);
  });
}

async function buildRenderer(reason: string): Promise<string> {
  const { build } = await import('vite');
  const staging = `${RENDERER_DIST}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    // Under vitest NODE_ENV is "test", which Vite and its React plugin would follow: a development
    // build (the dev JSX runtime, React's checks), several times slower to render than what ships.
    // Tests and benchmarks use the production build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: CONFIG, mode: 'production', logLevel: 'error', build: { outDir: staging, emptyOutDir: true } });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    rmSync(RENDERER_DIST, { recursive: true, force: true });
    renameSync(staging, RENDERER_DIST);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return `built dist/renderer (${reason})`;
}
