import { describe, expect, it } from 'vitest';
import { addressBucket, PerAddressBudget } from '../../src/auth/lookup-budget.js';

describe('PerAddressBudget', () => {
  it('gives every address its own budget per window and forgets the oldest address when full', () => {
    let now = 0;
    const budget = new PerAddressBudget(2, 1_000, 2, () => now);
    expect([budget.take('10.0.0.1'), budget.take('10.0.0.1'), budget.take('10.0.0.1')]).toEqual([true, true, false]);
    expect(budget.take('10.0.0.2')).toBe(true);
    now = 1_000;
    expect(budget.take('10.0.0.1')).toBe(true);
    expect(budget.take('10.0.0.3')).toBe(true);
    expect(budget.take('10.0.0.2')).toBe(true);
  });

  it('counts IPv6 addresses by their /64 and IPv4-mapped ones as IPv4', () => {
    expect(addressBucket('2001:db8:dead:beef::1')).toBe('2001:db8:dead:beef::/64');
    expect(addressBucket('2001:0db8:dead:beef:1:2:3:4')).toBe('2001:db8:dead:beef::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressBucket('192.0.2.1')).toBe('192.0.2.1');
  });
});
