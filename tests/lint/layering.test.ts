import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Proves the layer rules in eslint.config.js actually fire. The linted files need not exist; their
 * paths only decide which config blocks apply and how relative imports resolve.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImportErrors(code: string, relPath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, relPath) });
  if (!result) throw new Error(`no lint result for ${relPath}`);
  // A fatal parse error would make every "no error" assertion pass vacuously.
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2).map((m) => m.message);
}

describe('layering rules (no-restricted-imports)', () => {
  describe('electron/core', () => {
    it.each([
      ["import { app } from 'electron';", 'electron/core/x.ts'],
      ["import { ipcMain } from 'electron/main';", 'electron/core/x.ts'],
      ["import '../main/window';", 'electron/core/x.ts'],
      ["import '../preload/bridge';", 'electron/core/x.ts'],
      ["import '../../renderer/app';", 'electron/core/x.ts'],
      ["import '../../main/window';", 'electron/core/keys/x.ts'],
      ["export { thing } from '../../../../renderer/thing';", 'electron/core/keys/deeper/x.ts'],
      // Climbing past the repo root is nonsense, but still flagged rather than silently allowed.
      ["import '../../../renderer/app';", 'electron/core/x.ts'],
      ["import type { Win } from '../main/window';", 'electron/core/x.ts'],
    ])('rejects %s in %s', async (code, file) => {
      expect(await restrictedImportErrors(code, file)).not.toEqual([]);
    });

    it.each([
      ["import fs from 'node:fs';\nexport default fs;", 'electron/core/x.ts'],
      ["import { StrongroomError } from './errors';\nexport { StrongroomError };", 'electron/core/x.ts'],
      // One level up from a subdirectory is still inside core (electron/core/main/, not electron/main/).
      ["import { run } from '../main';\nexport { run };", 'electron/core/keys/x.ts'],
      ["import type { Api } from '../../shared/api';\nexport type { Api };", 'electron/core/x.ts'],
    ])('allows %s in %s', async (code, file) => {
      expect(await restrictedImportErrors(code, file)).toEqual([]);
    });
  });

  describe('electron/web', () => {
    it.each([
      ["import { app } from 'electron';", 'electron/web/x.ts'],
      ["import '../main/window';", 'electron/web/x.ts'],
      ["import '../preload/bridge';", 'electron/web/x.ts'],
      ["import '../../renderer/src/app';", 'electron/web/x.ts'],
      ["import '../../main/window';", 'electron/web/routes/x.ts'],
    ])('rejects %s in %s', async (code, file) => {
      expect(await restrictedImportErrors(code, file)).not.toEqual([]);
    });

    it.each([
      ["import http from 'node:http';\nexport default http;", 'electron/web/x.ts'],
      ["import { createApi } from '../core/api/index';\nexport { createApi };", 'electron/web/x.ts'],
      ["import { httpRoutes } from '../../shared/api/http';\nexport { httpRoutes };", 'electron/web/x.ts'],
    ])('allows %s in %s', async (code, file) => {
      expect(await restrictedImportErrors(code, file)).toEqual([]);
    });
  });

  describe('shared', () => {
    it.each([
      ["import fs from 'node:fs';", 'shared/x.ts'],
      ["import { readFile } from 'fs/promises';", 'shared/x.ts'],
      ["import { app } from 'electron';", 'shared/x.ts'],
      ["import '../electron/core/vault/vault';", 'shared/x.ts'],
      ["import '../../renderer/app';", 'shared/api/x.ts'],
    ])('rejects %s in %s', async (code, file) => {
      expect(await restrictedImportErrors(code, file)).not.toEqual([]);
    });

    it('allows imports within shared and from npm packages', async () => {
      const code = "import { z } from 'zod';\nimport { Ids } from './ids';\nexport { z, Ids };";
      expect(await restrictedImportErrors(code, 'shared/x.ts')).toEqual([]);
    });
  });

  describe('renderer', () => {
    it.each([
      ["import x from '../../electron/core/vault/vault';", 'renderer/x.ts'],
      ["import x from '../electron/core/vault/vault';", 'renderer/x.ts'],
      ["import '../../electron/main/window';", 'renderer/views/x.ts'],
      ["import { ipcRenderer } from 'electron';", 'renderer/x.ts'],
      ["import path from 'node:path';", 'renderer/x.ts'],
    ])('rejects %s in %s', async (code, file) => {
      expect(await restrictedImportErrors(code, file)).not.toEqual([]);
    });

    it('allows shared/', async () => {
      const code = "import type { Api } from '../shared/api';\nexport type { Api };";
      expect(await restrictedImportErrors(code, 'renderer/x.ts')).toEqual([]);
    });
  });
});
