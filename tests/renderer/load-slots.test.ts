import { describe, expect, it } from 'vitest';
import { createLoadSlots } from '../../renderer/src/lib/load-slots';

describe('load slots', () => {
  it('grants up to the limit at once and the next waiter when one is released', () => {
    const slots = createLoadSlots(2);
    const granted: string[] = [];
    const a = slots.request(() => granted.push('a'), 0);
    slots.request(() => granted.push('b'), 0);
    slots.request(() => granted.push('c'), 0);
    expect(granted).toEqual(['a', 'b']);
    expect([slots.inUse, slots.waiting]).toEqual([2, 1]);
    a.release();
    expect(granted).toEqual(['a', 'b', 'c']);
    expect([slots.inUse, slots.waiting]).toEqual([2, 0]);
  });

  it('serves the most urgent waiter first, then in the order they asked', () => {
    const slots = createLoadSlots(1);
    const granted: string[] = [];
    const first = slots.request(() => granted.push('first'), 0);
    slots.request(() => granted.push('overscan-1'), 1);
    slots.request(() => granted.push('overscan-2'), 1);
    const late = slots.request(() => granted.push('in-view'), 0);
    first.release();
    expect(granted).toEqual(['first', 'in-view']);
    late.release();
    expect(granted).toEqual(['first', 'in-view', 'overscan-1']);
  });

  it('follows a change of urgency while waiting', () => {
    const slots = createLoadSlots(1);
    const granted: string[] = [];
    const first = slots.request(() => granted.push('first'), 0);
    slots.request(() => granted.push('a'), 0);
    const b = slots.request(() => granted.push('b'), 1);
    b.setUrgency(-1);
    first.release();
    expect(granted).toEqual(['first', 'b']);
  });

  it('never grants a request withdrawn while waiting, and a double release frees one slot only', () => {
    const slots = createLoadSlots(1);
    const granted: string[] = [];
    const first = slots.request(() => granted.push('first'), 0);
    const gone = slots.request(() => granted.push('gone'), 0);
    slots.request(() => granted.push('kept'), 0);
    slots.request(() => granted.push('last'), 0);
    gone.release();
    first.release();
    first.release();
    expect(granted).toEqual(['first', 'kept']);
    expect([slots.inUse, slots.waiting]).toEqual([1, 1]);
  });

  it('grants nothing while held, lets loads under way finish, then serves the most urgent waiters', () => {
    const slots = createLoadSlots(2);
    const granted: string[] = [];
    const running = slots.request(() => granted.push('running'), 0);
    slots.setHeld('typing', true);
    slots.request(() => granted.push('overscan'), 1);
    const replaced = slots.request(() => granted.push('replaced'), 0);
    slots.request(() => granted.push('in-view'), 0);
    running.release();
    expect(granted).toEqual(['running']);
    expect([slots.inUse, slots.waiting]).toEqual([0, 3]);
    replaced.release();
    slots.setHeld('typing', false);
    expect(granted).toEqual(['running', 'in-view', 'overscan']);
    expect([slots.inUse, slots.waiting]).toEqual([2, 0]);
  });

  it('stays held until every reason has ended, whichever ends first', () => {
    const slots = createLoadSlots(1);
    const granted: string[] = [];
    slots.setHeld('typing', true);
    slots.setHeld('fling', true);
    slots.request(() => granted.push('cell'), 0);
    slots.setHeld('typing', false);
    expect(granted).toEqual([]);
    slots.setHeld('typing', false); // ending a hold twice ends nothing else
    expect(granted).toEqual([]);
    slots.setHeld('fling', false);
    expect(granted).toEqual(['cell']);
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => createLoadSlots(0)).toThrow(RangeError);
    expect(() => createLoadSlots(1.5)).toThrow(RangeError);
  });
});
