import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import { stateHash } from '../../electron/core/sync/ops/snapshot';
import { inspectSyncTarget, keepOriginals, parseSyncTarget, usableSyncTarget, readSyncTarget, setKeepOriginals, writeSyncTarget, type SyncTarget } from '../../electron/core/sync/target-settings';
import { makeTempDir } from '../helpers/temp-dir';

const s3: SyncTarget = { kind: 's3', endpoint: 'https://s3.example.com', bucket: 'shop-images', prefix: 'shop/', region: 'eu-west-1', pathStyle: false, targetId: 'a1b2c3' };

describe('sync target settings', () => {
  it('round-trips through the settings row, stays local (not in the state hash), keep-originals defaults on', () => {
    const db = openCatalog(path.join(makeTempDir('target-settings'), 'c.db'), randomBytes(32), { create: true });
    try {
      expect(readSyncTarget(db)).toBeNull();
      const before = stateHash(db);
      writeSyncTarget(db, s3);
      expect(readSyncTarget(db)).toEqual(s3);
      expect(keepOriginals(db)).toBe(true);
      setKeepOriginals(db, false);
      expect(keepOriginals(db)).toBe(false);
      expect(stateHash(db)).toBe(before);
      db.prepare("UPDATE settings SET value = '{not json' WHERE key = 'sync_target'").run();
      expect(() => readSyncTarget(db)).toThrow(/saved sync settings are damaged \(not JSON\); connect the vault/);
      expect(usableSyncTarget(db)).toBeNull();
      db.prepare(`UPDATE settings SET value = '{"kind":"folder","path":"relative/dir"}' WHERE key = 'sync_target'`).run();
      expect(inspectSyncTarget(db)).toEqual({ target: null, damage: expect.stringMatching(/damaged \(path: the folder must be an absolute path\)/) });
      writeSyncTarget(db, s3);
      expect(inspectSyncTarget(db)).toEqual({ target: s3, damage: null });
    } finally {
      db.close();
    }
  });

  it('refuses credentials, relative folders and malformed fields, naming the field', () => {
    expect(() => parseSyncTarget({ ...s3, secretAccessKey: 'x' })).toThrow(/not valid/);
    expect(() => parseSyncTarget({ kind: 'folder', path: 'relative/dir' })).toThrow(/at path: the folder must be an absolute path/);
    expect(() => parseSyncTarget({ ...s3, prefix: 'Shop' })).toThrow(/at prefix/);
    expect(() => parseSyncTarget({ ...s3, endpoint: 'not a url' })).toThrow(/at endpoint/);
    expect(() => parseSyncTarget({ kind: 'ftp' })).toThrow(/at kind/);
  });
});
