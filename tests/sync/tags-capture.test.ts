import { describe, expect, it } from 'vitest';
import { changeTags, listTags } from '../../electron/core/catalog/tags';
import { canonicalDump } from '../../electron/core/sync/ops/canonical-dump';
import { addRecord } from '../helpers/catalog-records';
import { FakeRemote, openDevices } from './sync-fixture';

/**
 * Regression (found by the convergence property test, SYNC_PROPERTY_SEED=522407): adding and removing
 * one tag on several assets at once. The remove on the first asset reconciles the tag row away (no add
 * of it survives yet), and the add on the next asset then found no row and threw.
 */
describe('changeTags with the same tag added and removed on several assets', () => {
  it('does not fail, and the result syncs as it is', () => {
    const [a, b] = openDevices(2, 'tags-capture');
    const x = addRecord(a!.db, { title: 'x', at: 1_700_000_000_100 }).assetId;
    const y = addRecord(a!.db, { title: 'y', at: 1_700_000_000_200 }).assetId;
    expect(() => changeTags(a!.db, [x, y], ['linen'], ['linen'], 1_700_000_000_300)).not.toThrow();
    const remote = new FakeRemote();
    remote.push(a!);
    remote.pull(b!);
    expect(canonicalDump(b!.db)).toEqual(canonicalDump(a!.db));
    expect(listTags(a!.db)).toEqual(listTags(b!.db));
  });
});
