import { describe, expect, it } from 'vitest';
import { mapRetellRow } from '../../../adapters/retell/map-retell-row.js';
import type { RetellCall } from '../../../adapters/retell/retell-types.js';

const base: RetellCall = { call_id: 'call_1', call_type: 'phone_call', call_status: 'ended', start_timestamp: 1_768_474_800_000 };
const map = (call: Partial<RetellCall>) => mapRetellRow({ ...base, ...call });

describe('mapRetellRow', () => {
  it('reads epoch milliseconds, the end as last activity, and the duration in ms', () => {
    const row = map({ end_timestamp: 1_768_474_930_250, duration_ms: 130_250 });
    expect(row).toMatchObject({ startedAt: '2026-01-15T11:00:00.000Z', endedAt: '2026-01-15T11:02:10.250Z', lastActivityAt: '2026-01-15T11:02:10.250Z', durationSec: 130.25 });
    expect(map({ end_timestamp: 1_768_474_810_000 }).durationSec).toBe(10);
    expect(map({ call_status: 'ongoing' })).toMatchObject({ lastActivityAt: '2026-01-15T11:00:00.000Z', endedAt: null, durationSec: null });
    expect(map({ call_status: 'registered', start_timestamp: undefined }).lastActivityAt).toBeNull();
  });

  it('takes the contact number by direction', () => {
    const numbers = { from_number: '+14155550101', to_number: '+14155550199' };
    expect(map({ ...numbers, direction: 'inbound' })).toMatchObject({ contactPhone: '+14155550101', direction: 'inbound' });
    expect(map({ ...numbers, direction: 'outbound' })).toMatchObject({ contactPhone: '+14155550199', direction: 'outbound' });
    expect(map({ ...numbers })).toMatchObject({ contactPhone: null, direction: null });
  });

  it('divides cents into dollars without binary noise (68.6 cents are 0.686, not 0.6859999999999999)', () => {
    for (const [cents, dollars] of [[68.6, '0.686'], [14.3, '0.143'], [86.9, '0.869'], [10.38, '0.1038'], [9, '0.09']] as const) {
      expect(JSON.stringify(map({ call_cost: { combined_cost: cents } }).cost), String(cents)).toBe(`{"amount":${dollars},"currency":"USD"}`);
    }
  });

  it('maps status, analysis and the cost in cents', () => {
    expect(map({ call_status: 'not_connected' }).conversationState).toBe('failed');
    expect(map({ call_status: 'transferring' }).conversationState).toBe('unknown');
    expect(map({ call_analysis: { call_summary: 'Booked.', call_successful: false }, call_cost: { combined_cost: 19.5 } })).toMatchObject({
      summary: 'Booked.',
      successful: false,
      cost: { amount: 0.195, currency: 'USD' },
    });
  });

  it('needs a call_id', () => {
    expect(() => map({ call_id: undefined })).toThrow('record has no call_id');
  });
});
