import { describe, expect, it } from 'vitest';
import { VendorCallBudget } from '../../src/merge/vendor-call-budget.js';

describe('VendorCallBudget', () => {
  it('is spent once the calls charged reach the cap, not before', () => {
    const budget = new VendorCallBudget(3);
    expect(budget.exhausted).toBe(false);
    budget.charge(2);
    expect(budget.exhausted).toBe(false);
    budget.charge(1);
    expect(budget.exhausted).toBe(true);
    expect(budget.cap).toBe(3);
  });

  it('counts calls past the cap (reads already under way) as spent too', () => {
    const budget = new VendorCallBudget(2);
    budget.charge(5);
    expect(budget.exhausted).toBe(true);
  });

  it('a call that costs nothing (a cache hit) spends nothing', () => {
    const budget = new VendorCallBudget(1);
    budget.charge(0);
    expect(budget.exhausted).toBe(false);
  });
});
