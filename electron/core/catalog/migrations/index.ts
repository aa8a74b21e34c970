import initial from './0001-initial';
import search from './0002-search';
import foldedNames from './0003-folded-names';
import listSpeed from './0004-list-speed';
import exportPresets from './0005-export-presets';
import shares from './0006-shares';
import syncOps from './0009-sync-ops';
import type { Migration } from '../migrate';

/** In order; the runner checks that versions are 1, 2, 3, ... without gaps. */
/**
 * Versions 7 and 8 are taken by branches developed alongside sync; until they are merged, no-op steps
 * hold their numbers so that the sync migration can keep its final number (remove these at the merge).
 */
const reserved = (version: number): Migration => ({ version, name: `reserved ${version}` });

export const migrations: readonly Migration[] = [initial, search, foldedNames, listSpeed, exportPresets, shares, reserved(7), reserved(8), syncOps];
