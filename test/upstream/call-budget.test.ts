import { describe, expect, it } from 'vitest';
import { CallBudget } from '../../src/upstream/call-budget.js';

describe('CallBudget', () => {
  it('hands out exactly `cap` calls, then refuses', () => {
    const budget = new CallBudget(3);
    expect([budget.take(), budget.take(), budget.exhausted, budget.take(), budget.exhausted, budget.take()]).toEqual([true, true, false, true, true, false]);
    expect(budget.spent).toBe(3);
  });

  it('tells each call as it is taken, and none that was refused', () => {
    const told: number[] = [];
    const budget = new CallBudget(2, (calls) => told.push(calls));
    for (let index = 0; index < 4; index += 1) budget.take();
    expect(told).toEqual([1, 2]);
  });
});
