import { describe, expect, it } from 'vitest';
import { mapVapiRow } from '../../../adapters/vapi/map-vapi-row.js';
import type { VapiCall } from '../../../adapters/vapi/vapi-types.js';

const base: VapiCall = { id: 'call-1', type: 'inboundPhoneCall', status: 'ended', createdAt: '2026-01-15T11:00:00.000Z' };
const map = (call: Partial<VapiCall>) => mapVapiRow({ ...base, ...call });

describe('mapVapiRow', () => {
  it('takes the last activity from endedAt, else updatedAt, else startedAt, else createdAt', () => {
    const times = { createdAt: '2026-01-15T11:00:00.000Z', startedAt: '2026-01-15T11:00:05.000Z', updatedAt: '2026-01-15T11:03:00.000Z', endedAt: '2026-01-15T11:02:30.500Z' };
    expect(map(times).lastActivityAt).toBe('2026-01-15T11:02:30.500Z');
    expect(map({ ...times, endedAt: null }).lastActivityAt).toBe('2026-01-15T11:03:00.000Z');
    expect(map({ ...times, endedAt: null, updatedAt: undefined }).lastActivityAt).toBe('2026-01-15T11:00:05.000Z');
    expect(map({}).lastActivityAt).toBe('2026-01-15T11:00:00.000Z');
  });

  it('computes the duration from start to end, in seconds', () => {
    expect(map({ startedAt: '2026-01-15T11:00:05.000Z', endedAt: '2026-01-15T11:02:30.500Z' }).durationSec).toBe(145.5);
    expect(map({ startedAt: '2026-01-15T11:00:05.000Z' }).durationSec).toBeNull();
  });

  it('maps status, with an error endedReason as failed and unknown values as unknown', () => {
    expect(map({ status: 'in-progress' }).conversationState).toBe('autopilot');
    expect(map({ status: 'forwarding' }).conversationState).toBe('awaiting-human');
    expect(map({ status: 'ended', endedReason: 'customer-ended-call' }).conversationState).toBe('resolved');
    expect(map({ status: 'ended', endedReason: 'pipeline-error-openai-llm-failed' }).conversationState).toBe('failed');
    expect(map({ status: 'teleported' }).conversationState).toBe('unknown');
  });

  it('reads the customer, the direction, the cost and the success evaluation', () => {
    const row = map({ customer: { number: '+14155550100', name: 'Avery Stone', email: 'a@example.com' }, cost: 0.12, analysis: { summary: 'Done.', successEvaluation: 'TRUE' } });
    expect(row).toMatchObject({ contactPhone: '+14155550100', contactName: 'Avery Stone', contactEmail: 'a@example.com', direction: 'inbound', channelType: 'voice' });
    expect(row).toMatchObject({ cost: { amount: 0.12, currency: 'USD' }, summary: 'Done.', successful: true });
    expect(map({ type: 'outboundPhoneCall', analysis: { successEvaluation: '8' } })).toMatchObject({ direction: 'outbound', successful: null });
    expect(map({ type: 'webCall' }).direction).toBeNull();
  });

  it('counts spoken messages only and previews the last one', () => {
    const row = map({ messages: [{ role: 'system', message: 'prompt' }, { role: 'bot', message: 'Hi' }, { role: 'user', message: 'Bye' }, { role: 'tool_calls' }] });
    expect(row).toMatchObject({ messageCount: 2, lastMessagePreview: 'Bye' });
    expect(map({}).messageCount).toBeNull();
  });

  it('needs an id', () => {
    expect(() => map({ id: undefined })).toThrow('record has no id');
  });
});
