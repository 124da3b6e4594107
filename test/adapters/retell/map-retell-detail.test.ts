import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapRetellDetail, mapRetellMessages } from '../../../adapters/retell/map-retell-detail.js';
import type { RetellCallDetail } from '../../../adapters/retell/retell-detail-types.js';
import { readDetailFixtures } from '../../support/detail-fixture.js';

const fixture = readDetailFixtures(fileURLToPath(new URL('../../..', import.meta.url)), 'retell').find((entry) => entry.case === 'tool-call-dtmf-transfer')!;
const call = fixture.exchanges[0]!.response.body as RetellCallDetail;
const START_MS = call.start_timestamp!;

describe('mapRetellDetail', () => {
  it('reads transcript_with_tool_calls when sent, else transcript_object', () => {
    expect(mapRetellDetail(call).messages).toHaveLength(7);
    expect(mapRetellDetail({ ...call, transcript_with_tool_calls: null }).messages.map((message) => message.role)).toEqual(['agent', 'user']);
  });

  it('folds a tool invocation with the result of its tool_call_id, and leaves node transitions out', () => {
    const messages = mapRetellMessages(call.transcript_with_tool_calls!, START_MS);
    expect(messages.map((message) => message.role)).toEqual(['agent', 'user', 'tool', 'agent', 'user', 'system', 'human']);
    expect(messages[2]!.toolCall).toEqual({ name: 'find_slots', arguments: { day: '2026-01-20' }, result: { slots: ['09:30', '14:00'] } });
  });

  it('times an utterance by its first and last word, on the call start in epoch ms; an SMS by its time_sec', () => {
    const messages = mapRetellMessages(call.transcript_with_tool_calls!, START_MS);
    expect(messages[1]).toMatchObject({ at: '2026-01-15T11:00:04.000Z', offsetSec: 4, endOffsetSec: 6.8 });
    expect(messages[5]).toMatchObject({ text: 'Confirmation: Tue 20 Jan 09:30', offsetSec: 13.2, endOffsetSec: null });
    expect(messages[4]).toMatchObject({ role: 'user', text: '1', at: null });
  });

  it('gives the transfer target as a human, and an unknown role with words as system', () => {
    expect(mapRetellMessages([{ role: 'transfer_target', content: 'Hi' }, { role: 'supervisor', content: 'Listening in' }, { role: 'mystery' }], null).map((message) => message.role)).toEqual(['human', 'system']);
  });

  it('gives the recording, the sentiment as evaluation and the custom analysis as collected data', () => {
    expect(mapRetellDetail(call)).toMatchObject({
      recordAgentId: 'agent_ito_front', recordingUrl: 'https://recordings.example.com/retell/call_5d2a7f0c.wav',
      analysis: { evaluation: { user_sentiment: 'Positive', in_voicemail: false }, collected: { new_slot: '2026-01-20T09:30' } },
    });
    expect(mapRetellDetail({ ...call, call_analysis: { call_summary: 'Only a summary.' } }).analysis).toBeNull();
  });
});
