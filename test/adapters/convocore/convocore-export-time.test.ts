import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatConvocoreTs, parseConvocoreTs } from '../../../adapters/convocore/convocore-export-time.js';

describe("Convocore's human-readable export times", () => {
  it('reads the documented example, as UTC', () => {
    expect(parseConvocoreTs('December 1st 2024, 10:30:00 am')).toBe(Date.UTC(2024, 11, 1, 10, 30, 0));
  });

  it('reads noon, midnight, every ordinal suffix and any letter case', () => {
    expect(parseConvocoreTs('March 2nd 2025, 12:00:00 pm')).toBe(Date.UTC(2025, 2, 2, 12));
    expect(parseConvocoreTs('March 3rd 2025, 12:15:09 am')).toBe(Date.UTC(2025, 2, 3, 0, 15, 9));
    expect(parseConvocoreTs('march 11th 2025, 9:05:00 PM')).toBe(Date.UTC(2025, 2, 11, 21, 5));
  });

  it('gives null for anything else: another format, a day that does not exist, an hour past 12', () => {
    for (const value of ['2024-12-01T10:30:00Z', 'February 30th 2025, 10:00:00 am', 'May 1st 2025, 13:00:00 pm', 'Smarch 1st 2025, 1:00:00 am', '', 1733049000, null]) {
      expect(parseConvocoreTs(value), String(value)).toBeNull();
    }
  });

  it('writes what it reads, for any whole second', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 }), (seconds) => {
        expect(parseConvocoreTs(formatConvocoreTs(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
    expect(formatConvocoreTs(Date.UTC(2024, 11, 1, 10, 30))).toBe('December 1st 2024, 10:30:00 am');
    expect(formatConvocoreTs(Date.UTC(2024, 10, 12, 0, 5, 7))).toBe('November 12th 2024, 12:05:07 am');
  });
});
