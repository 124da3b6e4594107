import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readFixtures } from '../../../src/tools/fixture-file.js';
import { RecordMappingError, VendorShapeError } from '../../../src/contract/index.js';
import { elevenlabsAdapter } from '../../../adapters/elevenlabs/elevenlabs-adapter.js';
import { mapElevenLabsRow } from '../../../adapters/elevenlabs/map-elevenlabs-row.js';
import type { ElevenLabsConversation } from '../../../adapters/elevenlabs/elevenlabs-types.js';
import { mappedAsSent } from '../../support/mapped-as-sent.js';

const fixtures = readFixtures(fileURLToPath(new URL('../../..', import.meta.url)), 'elevenlabs').map(({ fixture }) => fixture);

const START = 1_768_476_600; // 2026-01-15T11:30:00Z

function record(overrides: Partial<ElevenLabsConversation> = {}): ElevenLabsConversation {
  return {
    agent_id: 'agent_01',
    conversation_id: 'conv_1',
    start_time_unix_secs: START,
    call_duration_secs: 90,
    message_count: 7,
    status: 'done',
    call_successful: 'success',
    conversation_initiation_source: 'twilio',
    ...overrides,
  };
}

describe('elevenlabs fixtures', () => {
  it('has 2–4 fixtures, one of them a 401', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(2);
    expect(fixtures.length).toBeLessThanOrEqual(4);
    expect(fixtures.some((fixture) => fixture.exchanges.some((exchange) => exchange.response.status === 401))).toBe(true);
  });

  for (const fixture of fixtures) {
    it(`replays ${fixture.case}`, () => {
      expect(fixture.vendor).toBe('elevenlabs');
      const binding = { connection: 'elevenlabs', ...fixture.binding };
      const rows = fixture.exchanges
        .filter((exchange) => exchange.response.status < 300)
        .flatMap((exchange) => elevenlabsAdapter.parsePage(exchange.response.body).records)
        .map((raw) => mappedAsSent(elevenlabsAdapter, raw as ElevenLabsConversation, binding));
      expect(rows).toEqual(fixture.expectedRows);
    });
  }

  it('describes the recorded 401 and 422 bodies', () => {
    const bodyWithStatus = (status: number) =>
      fixtures.flatMap((fixture) => fixture.exchanges).find((exchange) => exchange.response.status === status)!.response.body;
    expect(elevenlabsAdapter.describeError(401, bodyWithStatus(401))).toEqual({
      message: 'Invalid API key',
      vendorCode: 'invalid_api_key',
    });
    expect(elevenlabsAdapter.describeError(422, bodyWithStatus(422))).toEqual({
      message: 'query.page_size: Input should be less than or equal to 100',
      vendorCode: 'less_than_equal',
    });
  });
});

describe('mapElevenLabsRow', () => {
  it('reads unix seconds and adds the duration for the end and last activity', () => {
    const row = mapElevenLabsRow(record());
    expect(row.startedAt).toBe('2026-01-15T11:30:00.000Z');
    expect(row.endedAt).toBe('2026-01-15T11:31:30.000Z');
    expect(row.lastActivityAt).toBe('2026-01-15T11:31:30.000Z');
    expect(row.durationSec).toBe(90);
    expect(row.messageCount).toBe(7);
  });

  it('reads a start sent in milliseconds', () => {
    expect(mapElevenLabsRow(record({ start_time_unix_secs: START * 1000 })).startedAt).toBe('2026-01-15T11:30:00.000Z');
  });

  it('has no end while a call is live, but its last activity is start plus its duration so far', () => {
    for (const status of ['initiated', 'in-progress', 'processing']) {
      const row = mapElevenLabsRow(record({ status, call_successful: 'unknown' }));
      expect(row.endedAt).toBeNull();
      expect(row.lastActivityAt).toBe('2026-01-15T11:31:30.000Z');
      expect(row.conversationState).toBe('autopilot');
    }
  });

  it('falls back to the start without a duration, and to null without a start', () => {
    const noDuration = mapElevenLabsRow(record({ call_duration_secs: undefined }));
    expect(noDuration.lastActivityAt).toBe('2026-01-15T11:30:00.000Z');
    expect(noDuration.endedAt).toBeNull();
    expect(noDuration.durationSec).toBeNull();
    const noStart = mapElevenLabsRow(record({ start_time_unix_secs: null }));
    expect([noStart.startedAt, noStart.endedAt, noStart.lastActivityAt]).toEqual([null, null, null]);
  });

  it('maps the status to a state, unknown statuses to unknown', () => {
    expect(mapElevenLabsRow(record({ status: 'done' })).conversationState).toBe('resolved');
    expect(mapElevenLabsRow(record({ status: 'failed' })).conversationState).toBe('failed');
    expect(mapElevenLabsRow(record({ status: 'on-hold' })).conversationState).toBe('unknown');
    expect(mapElevenLabsRow(record({ status: undefined })).conversationState).toBe('unknown');
  });

  it('maps the initiation source to a channel; unknown and text integrations are other', () => {
    const channel = (source: string | undefined) =>
      mapElevenLabsRow(record({ conversation_initiation_source: source })).channelType;
    expect(channel('whatsapp')).toBe('whatsapp');
    expect(channel('twilio_sms')).toBe('sms');
    expect(channel('sms')).toBe('sms');
    for (const source of ['twilio', 'sip_trunk', 'exotel', 'genesys', 'widget', 'js_sdk', 'flutter_sdk']) expect(channel(source)).toBe('voice');
    for (const source of ['slack_integration', 'telegram_integration', 'zendesk_integration', 'intercom_integration', 'unknown', 'carrier_pigeon', undefined]) {
      expect(channel(source), String(source)).toBe('other');
    }
  });

  it('maps call_successful to a boolean or null', () => {
    const successful = (value: string | undefined) => mapElevenLabsRow(record({ call_successful: value })).successful;
    expect([successful('success'), successful('failure'), successful('unknown'), successful('partial'), successful(undefined)])
      .toEqual([true, false, null, null, null]);
  });

  it('keeps only inbound or outbound as the direction, and ratings of 1–5', () => {
    expect(mapElevenLabsRow(record({ direction: 'outbound' })).direction).toBe('outbound');
    expect(mapElevenLabsRow(record({ direction: 'sideways' })).direction).toBeNull();
    expect(mapElevenLabsRow(record({ rating: 4 })).rating).toBe(4);
    expect(mapElevenLabsRow(record({ rating: 9 })).rating).toBeNull();
    expect(mapElevenLabsRow(record({ rating: null })).rating).toBeNull();
  });

  it('previews the summary title in at most 80 characters and passes the summary through', () => {
    const title = 'Ich möchte meine Bestellung stornieren — bitte so schnell wie möglich, danke für die Hilfe! 🚀';
    const row = mapElevenLabsRow(record({ call_summary_title: title, transcript_summary: 'Zoë Ångström called.' }));
    expect(Array.from(row.lastMessagePreview!).length).toBe(80);
    expect(title.startsWith(row.lastMessagePreview!)).toBe(true);
    expect(row.summary).toBe('Zoë Ångström called.');
    expect(mapElevenLabsRow(record()).summary).toBeNull();
  });

  it('maps tag_ids to tags; no contact, assignees, cost or access verdict on list items', () => {
    const row = mapElevenLabsRow(record({ tag_ids: ['tag_vip', '', 7 as unknown as string], user_id: 'zoe' }));
    expect(row).toMatchObject({
      contactId: null, contactName: null, contactEmail: null, contactPhone: null,
      tags: ['tag_vip'], assignees: [], cost: null, hasAccess: null, vendorAgentId: 'agent_01',
    });
    expect(mapElevenLabsRow(record({})).tags).toEqual([]);
  });

  it('throws RecordMappingError without a conversation id, and tolerates extra fields', () => {
    expect(() => mapElevenLabsRow(record({ conversation_id: undefined }))).toThrow(RecordMappingError);
    expect(() => mapElevenLabsRow(record({ conversation_id: '' }))).toThrow(RecordMappingError);
    expect(mapElevenLabsRow(record({ brand_new_field: { nested: true } })).conversationId).toBe('conv_1');
  });
});

describe('elevenlabsAdapter.parsePage and describeError', () => {
  it('reads conversations, next_cursor and has_more', () => {
    expect(elevenlabsAdapter.parsePage({ conversations: [{}], next_cursor: 'abc', has_more: true })).toEqual({
      records: [{}], nextCursor: 'abc', hasMore: true,
    });
    expect(elevenlabsAdapter.parsePage({ conversations: [], next_cursor: null, has_more: false })).toEqual({
      records: [], nextCursor: null, hasMore: false,
    });
  });

  it('throws VendorShapeError when conversations is not an array', () => {
    for (const body of [null, 'text', [], { conversations: {} }, { items: [] }]) {
      expect(() => elevenlabsAdapter.parsePage(body)).toThrow(VendorShapeError);
    }
  });

  it('reads 429 bodies and bodies of no known shape', () => {
    const busy = { detail: { status: 'system_busy', message: 'The system is busy, try again later.' } };
    expect(elevenlabsAdapter.describeError(429, busy)).toEqual({ message: busy.detail.message, vendorCode: 'system_busy' });
    expect(elevenlabsAdapter.describeError(404, { detail: 'Not Found' })).toEqual({ message: 'Not Found' });
    expect(elevenlabsAdapter.describeError(500, '<html>')).toEqual({ message: null, vendorCode: undefined });
  });
});
