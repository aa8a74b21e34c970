import initial from './0001-initial';
import search from './0002-search';
import foldedNames from './0003-folded-names';
import listSpeed from './0004-list-speed';
import exportPresets from './0005-export-presets';
import shares from './0006-shares';
import searchPrefix3 from './0007-search-prefix-3';
import syncOps from './0008-sync-ops';
import opLogOnFirstSync from './0009-op-log-on-first-sync';
import searchSortCover from './0010-search-sort-cover';
import type { Migration } from '../migrate';

/** In order; the runner checks that versions are 1, 2, 3, ... without gaps. */
export const migrations: readonly Migration[] = [initial, search, foldedNames, listSpeed, exportPresets, shares, searchPrefix3, syncOps, opLogOnFirstSync, searchSortCover];
