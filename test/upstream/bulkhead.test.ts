import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Bulkhead } from '../../src/upstream/bulkhead.js';

describe('Bulkhead', () => {
  it('runs at most `max` calls at once', async () => {
    const bulkhead = new Bulkhead(2);
    let running = 0;
    let peak = 0;
    const call = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(20);
      running -= 1;
      return 'done';
    };
    const deadline = Date.now() + 5_000;
    const results = await Promise.all(Array.from({ length: 6 }, () => bulkhead.run(call, deadline)));
    expect(results).toEqual(Array(6).fill('done'));
    expect(peak).toBe(2);
    await sleep(0);
    expect(bulkhead.view()).toEqual({ active: 0, queued: 0, max: 2 });
  });

  it('a waiter whose deadline passes gives up (the gateway\'s cut-off, not the vendor\'s timeout) and never calls the vendor', async () => {
    const bulkhead = new Bulkhead(1);
    let slowEnded = false;
    const slow = bulkhead.run(() => sleep(1_000).then(() => ((slowEnded = true), 'slow')), Date.now() + 5_000);
    let called = false;
    const waiter = bulkhead.run(async () => (called = true), Date.now() + 40);
    await expect(waiter).rejects.toMatchObject({ code: 'DEADLINE_REACHED', status: 'timeout', cutOff: true });
    // Given up at its own deadline, not when the slot came free.
    expect(slowEnded).toBe(false);
    await expect(slow).resolves.toBe('slow');
    await sleep(5);
    expect(called).toBe(false);
    expect(bulkhead.view().active).toBe(0);
  });

  it('passes the call’s own failure through', async () => {
    const bulkhead = new Bulkhead(1);
    await expect(bulkhead.run(async () => Promise.reject(new Error('vendor broke')), Date.now() + 1_000)).rejects.toThrow('vendor broke');
  });
});
