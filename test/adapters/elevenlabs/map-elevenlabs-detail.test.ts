import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ElevenLabsConversationDetail } from '../../../adapters/elevenlabs/elevenlabs-detail-types.js';
import { mapElevenLabsDetail, mapElevenLabsMessages } from '../../../adapters/elevenlabs/map-elevenlabs-detail.js';
import { readDetailFixtures } from '../../support/detail-fixture.js';

const fixtures = readDetailFixtures(fileURLToPath(new URL('../../..', import.meta.url)), 'elevenlabs');
const recorded = fixtures.find((fixture) => fixture.case === 'tool-call-interruption-unknown-role')!;
const body = recorded.exchanges[0]!.response.body as ElevenLabsConversationDetail;
const binding = { connection: 'elevenlabs', agentId: 'agent_7f3a21' };
const START_MS = Date.UTC(2026, 0, 15, 11, 48);

describe('mapElevenLabsDetail', () => {
  it('folds a tool call with the result a later entry reports, found by request_id', () => {
    const tools = mapElevenLabsMessages(body.transcript!, START_MS).filter((message) => message.role === 'tool');
    expect(tools).toEqual([
      { role: 'tool', text: 'lookup_order', at: '2026-01-15T11:48:11.000Z', offsetSec: 11, endOffsetSec: null, toolCall: { name: 'lookup_order', arguments: { orderId: 'ord_f42387' }, result: { orderId: 'ord_f42387', status: 'shipped' } } },
    ]);
  });

  it('keeps entries without words out, marks interruptions and keeps an unknown role as system', () => {
    const messages = mapElevenLabsMessages(body.transcript!, START_MS);
    expect(messages.map((message) => message.role)).toEqual(['agent', 'user', 'tool', 'agent', 'user', 'system', 'agent']);
    expect(messages.filter((message) => message.interrupted).map((message) => message.offsetSec)).toEqual([13]);
  });

  it('places each message on the call start plus time_in_call_secs, or gives no time without a start', () => {
    expect(mapElevenLabsMessages(body.transcript!, START_MS).at(-1)).toMatchObject({ at: '2026-01-15T11:49:30.000Z', offsetSec: 90 });
    expect(mapElevenLabsMessages(body.transcript!, null).every((message) => message.at === null)).toBe(true);
  });

  it('keeps a result that is not JSON as text, and a call without a result as null', () => {
    const [call] = mapElevenLabsMessages(
      [{ role: 'agent', time_in_call_secs: 3, tool_calls: [{ request_id: 'a', tool_name: 'transfer', params_as_json: 'to sales' }, { request_id: 'b' }] }, { role: 'agent', tool_results: [{ request_id: 'a', result_value: 'ok' }] }],
      START_MS,
    );
    expect(call!.toolCall).toEqual({ name: 'transfer', arguments: 'to sales', result: 'ok' });
  });

  it('maps the row from metadata and analysis: contact number, direction, rating, summary', () => {
    expect(mapElevenLabsDetail(body, { binding }).row).toMatchObject({
      contactPhone: '+41795550166', direction: 'inbound', rating: 4, durationSec: 96, summary: expect.stringContaining('José'), successful: true, endedAt: '2026-01-15T11:49:36.000Z',
    });
  });

  it('names the record agent only for the branch a binding pins', () => {
    expect(mapElevenLabsDetail(body, { binding }).recordAgentId).toBe('agent_7f3a21');
    expect(mapElevenLabsDetail(body, { binding: { ...binding, branchId: 'agtbrnch_agent_7f3a21_main' } }).recordAgentId).toBe('agent_7f3a21');
    expect(mapElevenLabsDetail(body, { binding: { ...binding, branchId: 'agtbrnch_agent_7f3a21_experiment' } }).recordAgentId).toBeNull();
  });

  it('gives collected data as id → value and no analysis when the vendor has none', () => {
    expect(mapElevenLabsDetail(body, { binding }).analysis?.collected).toEqual({ order_id: 'ord_f42387' });
    expect(mapElevenLabsDetail({ ...body, analysis: null }, { binding }).analysis).toBeNull();
  });
});
