import { describe, expect, it } from 'vitest';
import { mergeSorted, mergeSortedInSlices, RECORDS_PER_SLICE, yieldToEventLoop } from '../../src/merge/slices.js';

const byValue = (a: { value: number }, b: { value: number }) => a.value - b.value;
const item = (value: number, from: string) => ({ value, from });

describe('mergeSorted', () => {
  it('merges two sorted lists into one sorted list, whichever runs out first', () => {
    expect(mergeSorted([1, 4, 9], [2, 3, 10, 11], (a, b) => a - b)).toEqual([1, 2, 3, 4, 9, 10, 11]);
    expect(mergeSorted([5, 6, 7], [1], (a, b) => a - b)).toEqual([1, 5, 6, 7]);
    expect(mergeSorted([], [1, 2], (a, b) => a - b)).toEqual([1, 2]);
    expect(mergeSorted([1, 2], [], (a, b) => a - b)).toEqual([1, 2]);
  });

  it('on a tie takes the left item first, and keeps each side in its own order', () => {
    const left = [item(1, 'left-a'), item(2, 'left-b'), item(2, 'left-c')];
    const right = [item(1, 'right-a'), item(2, 'right-b')];
    expect(mergeSorted(left, right, byValue).map((entry) => entry.from)).toEqual(['left-a', 'right-a', 'left-b', 'left-c', 'right-b']);
  });

  it('leaves its inputs alone', () => {
    const left = [1, 3];
    const right = [2];
    mergeSorted(left, right, (a, b) => a - b);
    expect([left, right]).toEqual([[1, 3], [2]]);
  });
});

describe('mergeSortedInSlices', () => {
  it('merges like mergeSorted, ties left first, whichever side runs out first', async () => {
    expect(await mergeSortedInSlices([1, 4, 9], [2, 3, 10, 11], (a, b) => a - b)).toEqual([1, 2, 3, 4, 9, 10, 11]);
    expect(await mergeSortedInSlices([5, 6, 7], [1], (a, b) => a - b)).toEqual([1, 5, 6, 7]);
    expect(await mergeSortedInSlices([], [], (a, b) => a - b)).toEqual([]);
    const left = [item(1, 'left-a'), item(2, 'left-b')];
    const right = [item(1, 'right-a'), item(2, 'right-b')];
    expect((await mergeSortedInSlices(left, right, byValue)).map((entry) => entry.from)).toEqual(['left-a', 'right-a', 'left-b', 'right-b']);
  });

  it('lets other work run while it merges lists longer than a slice, and merges them whole', async () => {
    const evens = Array.from({ length: RECORDS_PER_SLICE + 10 }, (_, index) => index * 2);
    const odds = Array.from({ length: RECORDS_PER_SLICE + 10 }, (_, index) => index * 2 + 1);
    let otherWork = 0;
    const ticking = setInterval(() => (otherWork += 1), 0);
    const immediate = new Promise<void>((resolve) => setImmediate(() => resolve()));
    let ranBetween = false;
    void immediate.then(() => (ranBetween = true));
    const merged = await mergeSortedInSlices(evens, odds, (a, b) => a - b);
    clearInterval(ticking);
    expect(ranBetween).toBe(true);
    expect(merged).toHaveLength(2 * (RECORDS_PER_SLICE + 10));
    expect(merged.every((value, index) => value === index)).toBe(true);
  });
});

describe('yieldToEventLoop', () => {
  it('lets work already queued on the event loop run before it returns', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    await yieldToEventLoop();
    order.push('after the yield');
    expect(order).toEqual(['other work', 'after the yield']);
  });
});
