import { describe, expect, it } from 'vitest';
import { BEFORE_EVERYTHING, compareKeys, earliestKeyAt, keyOfRow, sortRows, type RowKey } from '../../src/merge/row-key.js';
import { inGatewayOrder } from '../support/oracle/gateway-order.js';

const key = (t: number | null, id: string): RowKey => ({ t, id });
const sign = (value: number) => Math.sign(value);

describe('compareKeys', () => {
  it('newer activity first', () => {
    expect(sign(compareKeys(key(2, 'a'), key(1, 'a')))).toBe(-1);
    expect(sign(compareKeys(key(1, 'a'), key(2, 'a')))).toBe(1);
    expect(sign(compareKeys(key(2, 'z'), key(1, 'a')))).toBe(-1);
  });

  it('null activity last, whatever the id', () => {
    expect(sign(compareKeys(key(null, 'a'), key(0, 'z')))).toBe(1);
    expect(sign(compareKeys(key(0, 'z'), key(null, 'a')))).toBe(-1);
    expect(sign(compareKeys(key(-1, 'z'), key(null, 'a')))).toBe(-1);
  });

  it('ties by id ascending in code-unit order, equal keys compare 0', () => {
    expect(sign(compareKeys(key(1, 'a'), key(1, 'b')))).toBe(-1);
    expect(sign(compareKeys(key(1, 'b'), key(1, 'a')))).toBe(1);
    expect(compareKeys(key(1, 'a'), key(1, 'a'))).toBe(0);
    expect(sign(compareKeys(key(null, 'a'), key(null, 'b')))).toBe(-1);
    expect(sign(compareKeys(key(null, 'b'), key(null, 'a')))).toBe(1);
    expect(compareKeys(key(null, 'a'), key(null, 'a'))).toBe(0);
    expect(sign(compareKeys(key(1, 'B'), key(1, 'a')))).toBe(-1);
    expect(sign(compareKeys(key(1, 'a10'), key(1, 'a9')))).toBe(-1);
    expect(sign(compareKeys(key(1, 'a'), key(1, 'aa')))).toBe(-1);
  });

  it('agrees with the test oracle on many keys', () => {
    const keys: RowKey[] = [];
    for (const t of [null, 0, 1, 5, 1_700_000_000_000]) for (const id of ['', 'a', 'B', 'a:1', 'a:10', 'a:9', 'b']) keys.push(key(t, id));
    const oracle = inGatewayOrder(keys.map((entry) => ({ id: entry.id, time: entry.t }))).map((entry) => `${entry.time}|${entry.id}`);
    const reversed = [...keys].reverse().map((entry) => ({ key: entry }));
    expect(sortRows(reversed).map((entry) => `${entry.key.t}|${entry.key.id}`)).toEqual(oracle);
  });
});

describe('keys of rows and bounds', () => {
  it('keyOfRow reads lastActivityAt as epoch ms, null as null', () => {
    expect(keyOfRow({ id: 'x:1', lastActivityAt: '2026-05-18T14:32:12.345Z' })).toEqual({ t: Date.UTC(2026, 4, 18, 14, 32, 12, 345), id: 'x:1' });
    expect(keyOfRow({ id: 'x:2', lastActivityAt: '2026-05-18T16:32:12+02:00' })).toEqual({ t: Date.UTC(2026, 4, 18, 14, 32, 12), id: 'x:2' });
    expect(keyOfRow({ id: 'x:3', lastActivityAt: null })).toEqual({ t: null, id: 'x:3' });
  });

  it('earliestKeyAt comes before every row of that time and after every newer row', () => {
    const earliest = earliestKeyAt(5);
    expect(earliest).toEqual({ t: 5, id: '' });
    expect(compareKeys(earliest, key(5, 'a'))).toBeLessThan(0);
    expect(compareKeys(earliest, key(6, ''))).toBeGreaterThan(0);
    expect(earliestKeyAt(null)).toEqual({ t: null, id: '' });
    expect(compareKeys(earliestKeyAt(null), key(null, 'a'))).toBeLessThan(0);
    expect(compareKeys(earliestKeyAt(null), key(0, 'a'))).toBeGreaterThan(0);
  });

  it('BEFORE_EVERYTHING comes before any row', () => {
    expect(BEFORE_EVERYTHING).toEqual({ t: Number.POSITIVE_INFINITY, id: '' });
    for (const other of [key(Number.MAX_SAFE_INTEGER, ''), key(0, 'a'), key(null, '')]) expect(compareKeys(BEFORE_EVERYTHING, other)).toBeLessThan(0);
  });

  it('sortRows sorts in place and returns the same array', () => {
    const items = [{ key: key(1, 'a') }, { key: key(2, 'a') }];
    const result = sortRows(items);
    expect(result).toBe(items);
    expect(items.map((item) => item.key.t)).toEqual([2, 1]);
  });
});
