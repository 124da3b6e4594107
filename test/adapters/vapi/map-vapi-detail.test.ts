import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapVapiDetail, mapVapiMessages } from '../../../adapters/vapi/map-vapi-detail.js';
import type { VapiCallDetail } from '../../../adapters/vapi/vapi-detail-types.js';
import { readDetailFixtures } from '../../support/detail-fixture.js';

const fixture = readDetailFixtures(fileURLToPath(new URL('../../..', import.meta.url)), 'vapi').find((entry) => entry.case === 'tool-call-and-artifact')!;
const call = fixture.exchanges[0]!.response.body as VapiCallDetail;

describe('mapVapiDetail', () => {
  it("reads the artifact's messages, not the older top-level list", () => {
    expect(mapVapiDetail(call).messages).toHaveLength(6);
    expect(mapVapiDetail({ ...call, artifact: { recordingUrl: 'https://example.com/a.wav' } }).messages).toHaveLength(3);
  });

  it('folds a tool_calls message with the tool_call_result of its id, and shows no result message', () => {
    const messages = mapVapiMessages(call.artifact!.messages!);
    expect(messages.filter((message) => message.role === 'tool')).toEqual([
      {
        role: 'tool', text: 'move_booking', at: '2026-01-15T11:00:10.200Z', offsetSec: 6.2, endOffsetSec: null,
        toolCall: { name: 'move_booking', arguments: { bookingId: 'bk_2231', date: '2026-01-16' }, result: { ok: true, room: '204' } },
      },
    ]);
  });

  it('maps bot and assistant to agent, keeps the system prompt and an unknown role as system', () => {
    expect(mapVapiMessages(call.artifact!.messages!).map((message) => message.role)).toEqual(['system', 'agent', 'user', 'tool', 'agent', 'system']);
  });

  it('takes times in epoch milliseconds (or seconds), and ends a turn at its endTime', () => {
    expect(mapVapiMessages(call.artifact!.messages!)[1]).toMatchObject({ at: '2026-01-15T11:00:04.600Z', offsetSec: 0.6, endOffsetSec: 2.4 });
    expect(mapVapiMessages([{ role: 'user', message: 'hi', time: 1768474804, secondsFromStart: 0 }])[0]!.at).toBe('2026-01-15T11:00:04.000Z');
  });

  it('gives the recording, the evaluation and the structured data; the record names its assistant', () => {
    const detail = mapVapiDetail(call);
    expect(detail).toMatchObject({ recordingUrl: 'https://recordings.example.com/vapi/3f6c2a1e-mono.wav', recordAgentId: 'asst_adler', analysis: { evaluation: 'true', collected: { bookingId: 'bk_2231', newDate: '2026-01-16' } } });
    expect(mapVapiDetail({ ...call, analysis: { summary: 'Only a summary.' } }).analysis).toBeNull();
  });

  it('a tool call without a result keeps a null result', () => {
    const [message] = mapVapiMessages([{ role: 'tool_calls', toolCalls: [{ id: 'x', function: { name: 'lookup', arguments: 'not json' } }] }]);
    expect(message!.toolCall).toEqual({ name: 'lookup', arguments: 'not json', result: null });
  });
});
