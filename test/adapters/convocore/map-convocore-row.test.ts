import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readFixtures } from '../../../src/tools/fixture-file.js';
import { RecordMappingError, VendorShapeError, type MappedRow } from '../../../src/contract/index.js';
import { convocoreAdapter } from '../../../adapters/convocore/convocore-adapter.js';
import type { ConvocoreConversation } from '../../../adapters/convocore/convocore-types.js';
import { mappedAsSent } from '../../support/mapped-as-sent.js';

const fixtures = readFixtures(fileURLToPath(new URL('../../..', import.meta.url)), 'convocore').map(({ fixture }) => fixture);

const context = { binding: { connection: 'convocore-eu', agentId: 'agent123' } };
const map = (record: ConvocoreConversation): MappedRow => convocoreAdapter.mapRow(record, context);

/** A minimal record the hand-written cases change one field at a time. */
const base: ConvocoreConversation = { ID: 'agent123_convo1', userID: 'agent123_convo1', ts: 1_768_474_620 };

describe('convocore fixtures replay', () => {
  it('has fixtures covering rows and an error', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(2);
    expect(fixtures.some((fixture) => fixture.exchanges.some((exchange) => exchange.response.status === 401))).toBe(true);
  });

  for (const fixture of fixtures) {
    it(`maps ${fixture.case} to its expected rows`, () => {
      expect(fixture.vendor).toBe('convocore');
      const binding = { connection: 'convocore-eu', ...fixture.binding };
      const rows = fixture.exchanges
        .filter((exchange) => exchange.response.status < 300)
        .flatMap((exchange) => convocoreAdapter.parsePage(exchange.response.body).records)
        .map((record) => mappedAsSent(convocoreAdapter, record as ConvocoreConversation, binding));
      expect(rows).toEqual(fixture.expectedRows);
    });
  }
});

describe('mapConvocoreRow', () => {
  it('reads unix seconds and milliseconds (above 10^12) alike', () => {
    const row = map({ ...base, firstMessageTS: 1_768_473_724_000, lastMessageTS: 1_768_474_620 });
    expect(row.startedAt).toBe('2026-01-15T10:42:04.000Z');
    expect(row.lastActivityAt).toBe('2026-01-15T10:57:00.000Z');
  });

  it('takes the last activity from ts (the vendor sort key), else lastMessageTS: always the native key', () => {
    for (const record of [{ ...base, ts: 1_768_474_680, lastMessageTS: 1_768_474_620 }, { ...base, ts: 1_768_474_560, lastMessageTS: 1_768_474_620 }]) {
      expect(Date.parse(map(record).lastActivityAt!)).toBe(convocoreAdapter.nativeKey(record));
    }
    expect(map({ ...base, ts: 1_768_474_680, lastMessageTS: 1_768_474_620 }).lastActivityAt).toBe('2026-01-15T10:58:00.000Z');
    expect(map({ ID: 'x', lastMessageTS: 1_768_474_620 }).lastActivityAt).toBe('2026-01-15T10:57:00.000Z');
    expect(map({ ...base }).lastActivityAt).toBe('2026-01-15T10:57:00.000Z');
    const row = map({ ID: 'x' });
    expect([row.lastActivityAt, row.startedAt, row.endedAt]).toEqual([null, null, null]);
  });

  it('sets endedAt only for ended chats', () => {
    expect(map({ ...base, state: 'ended_chat' }).endedAt).toBe('2026-01-15T10:57:00.000Z');
    expect(map({ ...base, state: 'human-chatting' }).endedAt).toBeNull();
  });

  it('maps states, and an unknown or absent state to unknown', () => {
    const states = ['ai-chatting', 'requested_chat', 'human-chatting', 'ended_chat', 'archived', undefined];
    expect(states.map((state) => map({ ...base, state }).conversationState)).toEqual([
      'autopilot',
      'awaiting-human',
      'human',
      'resolved',
      'unknown',
      'unknown',
    ]);
  });

  it('maps origins, and an unknown or non-string origin to other', () => {
    const origins: unknown[] = [
      ...['web-chat', 'widget', 'whatsapp', 'facebook', 'sms', 'email', 'call', 'vapi'],
      ...['telegram', { channel: 'sms' }, undefined],
    ];
    expect(origins.map((origin) => map({ ...base, origin }).channelType)).toEqual([
      ...['webchat', 'webchat', 'whatsapp', 'messenger', 'sms', 'email', 'voice', 'voice'],
      ...['other', 'other', 'other'],
    ]);
  });

  it('never takes the conversation id from userID, which is a shared phone number on calls', () => {
    const call = { ...base, ID: 'agent123_convo9', userID: '+14165550101', origin: 'call' };
    expect(map(call).conversationId).toBe('agent123_convo9');
    expect(map(call).contactId).toBe('+14165550101');
    expect(map({ ...call, contactIdentityId: 'ci_1' }).contactId).toBe('ci_1');
  });

  it('throws RecordMappingError when ID is missing or empty', () => {
    expect(() => map({ userID: 'agent123_convo1', ts: 1 })).toThrow(RecordMappingError);
    expect(() => map({ ...base, ID: '' })).toThrow(RecordMappingError);
  });

  it('falls back to the call record for phone, duration and cost', () => {
    const vapi = { cost: 0.42, callDuration: 300, callerPhoneNumber: '+14165550101' };
    const row = map({ ...base, origin: 'call', vapi });
    expect([row.contactPhone, row.durationSec, row.cost]).toEqual(['+14165550101', 300, { amount: 0.42, currency: 'USD' }]);
    const own = map({ ...base, userPhone: '+4930123', convoTimeSeconds: 120, vapi, tokenUsage: { cumulativeUsd: 0.01 } });
    expect([own.contactPhone, own.durationSec, own.cost?.amount]).toEqual(['+4930123', 120, 0.42]);
  });

  it('takes the cost from token usage when there is no call cost', () => {
    expect(map({ ...base, tokenUsage: { cumulativeUsd: 0.0123 } }).cost).toEqual({ amount: 0.0123, currency: 'USD' });
    expect(map(base).cost).toBeNull();
  });

  it('cuts the preview to 80 code points and falls back to the title', () => {
    const long = '予約'.repeat(60);
    expect(Array.from(map({ ...base, lastMessage: long }).lastMessagePreview!).length).toBe(80);
    expect(map({ ...base, title: 'Pricing question' }).lastMessagePreview).toBe('Pricing question');
    expect(map(base).lastMessagePreview).toBeNull();
  });

  it('reads assignees from assignedTo (name, else userId), else chatAssignedTo', () => {
    expect(map({ ...base, assignedTo: { userId: 'usr_1', name: 'Dana' } }).assignees).toEqual(['Dana']);
    expect(map({ ...base, assignedTo: { userId: 'usr_1' } }).assignees).toEqual(['usr_1']);
    expect(map({ ...base, chatAssignedTo: 'usr_2' }).assignees).toEqual(['usr_2']);
    expect(map(base).assignees).toEqual([]);
  });

  it('keeps ratings 1–5 only, and reads lang before language', () => {
    expect([4, 0, 7, undefined].map((ratingFrom5) => map({ ...base, ratingFrom5 }).rating)).toEqual([4, null, null, null]);
    expect(map({ ...base, lang: 'de', language: 'English' }).language).toBe('de');
    expect(map({ ...base, language: 'English' }).language).toBe('English');
  });

  it('leaves what the vendor does not say null and defaults lists to empty', () => {
    const row = map(base);
    expect(row).toMatchObject({ successful: null, direction: null, hasAccess: null, summary: null, messageCount: null });
    expect(row).toMatchObject({ contactName: null, contactEmail: null, tags: [] });
  });
});

describe('convocore parsePage and describeError', () => {
  it('throws VendorShapeError without a data array', () => {
    expect(() => convocoreAdapter.parsePage({ success: true, message: 'ok' })).toThrow(VendorShapeError);
    expect(() => convocoreAdapter.parsePage('<html>')).toThrow(VendorShapeError);
    expect(convocoreAdapter.parsePage({ success: true, message: 'ok', data: [], extra: 1 }).records).toEqual([]);
  });

  it('describes the recorded 401 and 400 bodies', () => {
    const exchanges = fixtures.flatMap((fixture) => fixture.exchanges);
    const bodies = new Map(exchanges.map((exchange) => [exchange.response.status, exchange.response.body]));
    expect(convocoreAdapter.describeError(401, bodies.get(401))).toEqual({
      message: 'Unauthorized: invalid or missing API key',
      vendorCode: 'UNAUTHORIZED',
    });
    expect(convocoreAdapter.describeError(400, bodies.get(400))).toEqual({
      message: 'Input validation failed: limit: Expected number, received "ten"',
      vendorCode: 'BAD_REQUEST',
    });
    expect(convocoreAdapter.describeError(502, '<html>')).toEqual({ message: null });
  });
});

describe('convocore nativeKey and buildRequest', () => {
  it('sorts by ts in ms, falling back to lastMessageTS', () => {
    expect(convocoreAdapter.nativeKey({ ...base, lastMessageTS: 5 })).toBe(1_768_474_620_000);
    expect(convocoreAdapter.nativeKey({ ID: 'x', lastMessageTS: 1_768_474_620_000 })).toBe(1_768_474_620_000);
    expect(convocoreAdapter.nativeKey({ ID: 'x' })).toBeNull();
  });

  it('builds the page request with bearer auth and the page size the core chose', () => {
    const request = convocoreAdapter.buildRequest({
      binding: { connection: 'convocore-eu', agentId: 'agent/1' },
      credential: 'ck_key',
      pageSize: 100,
      position: { page: 3 },
      bounds: { lagMs: 0 },
      wantSummary: false,
    });
    expect(request).toMatchObject({ method: 'GET', path: '/agents/agent%2F1/convos', query: { page: 3, limit: 100 } });
    expect(request.headers.authorization).toBe('Bearer ck_key');
  });
});
