import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readFixtures } from '../../../src/tools/fixture-file.js';
import { chatdashAdapter } from '../../../adapters/chatdash/chatdash-adapter.js';
import type { ChatDashConversation } from '../../../adapters/chatdash/chatdash-types.js';
import { mapChatDashRow } from '../../../adapters/chatdash/map-chatdash-row.js';
import { mappedAsSent } from '../../support/mapped-as-sent.js';
import {
  CHANNEL_TYPES,
  CONVERSATION_STATES,
  RecordMappingError,
  VendorShapeError,
  type MappedRow,
} from '../../../src/contract/index.js';

const fixtures = readFixtures(fileURLToPath(new URL('../../..', import.meta.url)), 'chatdash').map(({ fixture }) => fixture);

const context = { binding: { connection: 'chatdash', agentId: 'agent-7' } };
const map = (record: ChatDashConversation): MappedRow => mapChatDashRow(record);

describe('chatdash fixtures', () => {
  it('has 2–4 fixtures, including a 401', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(2);
    expect(fixtures.length).toBeLessThanOrEqual(4);
    expect(fixtures.some((fixture) => fixture.exchanges.some((exchange) => exchange.response.status === 401))).toBe(true);
  });

  for (const fixture of fixtures) {
    it(`${fixture.case}: parsePage → mapRow equals expectedRows`, () => {
      expect(fixture.vendor).toBe('chatdash');
      const binding = { connection: 'chatdash', ...fixture.binding };
      const rows = fixture.exchanges
        .filter((exchange) => exchange.response.status < 300)
        .flatMap((exchange) => chatdashAdapter.parsePage(exchange.response.body).records)
        .map((record) => mappedAsSent(chatdashAdapter, record as ChatDashConversation, binding));
      expect(rows).toEqual(fixture.expectedRows);
      for (const row of rows) {
        expect(CHANNEL_TYPES).toContain(row.channelType);
        expect(CONVERSATION_STATES).toContain(row.conversationState);
        expect(row.lastMessagePreview === null || Array.from(row.lastMessagePreview).length <= 80).toBe(true);
        expect(row.vendorAgentId).toBe(fixture.binding.agentId);
      }
    });
  }

  it('describeError reads the recorded 401 body', () => {
    const exchange = fixtures.flatMap((fixture) => fixture.exchanges).find((candidate) => candidate.response.status === 401)!;
    expect(chatdashAdapter.describeError(401, exchange.response.body)).toEqual({ message: 'Unauthorized' });
  });
});

describe('mapChatDashRow', () => {
  it('turns duration minutes into seconds, keeping fractions exact to the millisecond', () => {
    expect(map({ _id: 'c1', duration: 2.5 }).durationSec).toBe(150);
    expect(map({ _id: 'c1', duration: 1.1 }).durationSec).toBe(66);
    expect(map({ _id: 'c1', duration: 0.3333 }).durationSec).toBe(19.998);
    expect(map({ _id: 'c1', duration: 0 }).durationSec).toBe(0);
    expect(map({ _id: 'c1' }).durationSec).toBeNull();
    expect(map({ _id: 'c1', duration: '3' as unknown as number }).durationSec).toBeNull();
  });

  it('takes lastActivityAt from updatedAt, else endedAt, else createdAt, else null', () => {
    const createdAt = '2026-01-05T10:00:00Z';
    const endedAt = '2026-01-05T10:20:00.000Z';
    const updatedAt = '2026-01-05T10:21:30+00:00';
    expect(map({ _id: 'c1', createdAt, endedAt, updatedAt }).lastActivityAt).toBe('2026-01-05T10:21:30.000Z');
    expect(map({ _id: 'c1', createdAt, endedAt }).lastActivityAt).toBe('2026-01-05T10:20:00.000Z');
    expect(map({ _id: 'c1', createdAt, updatedAt: 'not a date' }).lastActivityAt).toBe('2026-01-05T10:00:00.000Z');
    expect(map({ _id: 'c1', createdAt: null, updatedAt: null }).lastActivityAt).toBeNull();
    const row = map({ _id: 'c1', createdAt, endedAt });
    expect(row.startedAt).toBe('2026-01-05T10:00:00.000Z');
    expect(row.endedAt).toBe(endedAt);
    expect(chatdashAdapter.nativeKey({ _id: 'c1', createdAt, endedAt })).toBe(Date.parse(endedAt));
    expect(chatdashAdapter.nativeKey({ _id: 'c1' })).toBeNull();
  });

  it('maps status, with an ended conversation resolved and a missing status the vendor default ai', () => {
    expect(map({ _id: 'c1', status: 'ai' }).conversationState).toBe('autopilot');
    expect(map({ _id: 'c1', status: 'pending' }).conversationState).toBe('awaiting-human');
    expect(map({ _id: 'c1', status: 'human' }).conversationState).toBe('human');
    expect(map({ _id: 'c1' }).conversationState).toBe('autopilot');
    expect(map({ _id: 'c1', status: null }).conversationState).toBe('autopilot');
    expect(map({ _id: 'c1', status: 'escalated' }).conversationState).toBe('unknown');
    expect(map({ _id: 'c1', status: 'human', endedAt: '2026-01-05T10:20:00Z' }).conversationState).toBe('resolved');
  });

  it('maps channel, unknown or absent to other', () => {
    const channelOf = (channel: string | undefined) => map({ _id: 'c1', channel }).channelType;
    expect(['webchat', 'web', 'widget'].map(channelOf)).toEqual(['webchat', 'webchat', 'webchat']);
    expect(['voice', 'phone', 'call'].map(channelOf)).toEqual(['voice', 'voice', 'voice']);
    expect(['messenger', 'facebook'].map(channelOf)).toEqual(['messenger', 'messenger']);
    expect(['sms', 'SMS', 'email', 'whatsapp', 'instagram'].map(channelOf)).toEqual(['sms', 'sms', 'email', 'whatsapp', 'instagram']);
    expect(channelOf('telegram')).toBe('other');
    expect(channelOf(undefined)).toBe('other');
  });

  it('reads contact fields, email only from a string metadata.email', () => {
    const row = map({ _id: 'c1', leadId: 'lead-1', name: 'Zoë Ångström', phone: '+14165550000', metadata: { email: 'zoe@example.com' } });
    expect(row).toMatchObject({ contactId: 'lead-1', contactName: 'Zoë Ångström', contactPhone: '+14165550000', contactEmail: 'zoe@example.com' });
    expect(map({ _id: 'c1', metadata: { email: 42 } }).contactEmail).toBeNull();
    expect(map({ _id: 'c1' }).contactEmail).toBeNull();
    expect(map({ _id: 'c1', name: '' }).contactName).toBeNull();
  });

  it('maps cost, tags, assignees and success', () => {
    const row = map({
      _id: 'c1',
      cost: 0.42,
      topic: 'billing',
      subtopic: 'refund',
      liveAgentName: 'Dana Whitfield',
      evaluation: { isSuccess: false, reason: 'left early' },
    });
    expect(row).toMatchObject({
      cost: { amount: 0.42, currency: 'USD' },
      tags: ['billing', 'refund'],
      assignees: ['Dana Whitfield'],
      successful: false,
    });
    const bare = map({ _id: 'c1', subtopic: 'refund', cost: '1' as unknown as number, evaluation: {} });
    expect(bare).toMatchObject({ cost: null, tags: ['refund'], assignees: [], successful: null });
  });

  it('fills the fields ChatDash does not have with null and leaves vendorAgentId to the gateway (the binding\'s)', () => {
    expect(map({ _id: 'c1', agentId: 'other-agent' }).vendorAgentId).toBeUndefined();
    expect(map({ _id: 'c1', agentId: 'other-agent' })).toMatchObject({
      conversationId: 'c1',
      lastMessagePreview: null,
      messageCount: null,
      rating: null,
      language: null,
      direction: null,
      hasAccess: null,
    });
  });

  it('throws RecordMappingError when _id is missing, and only then', () => {
    expect(() => map({ name: 'No id' })).toThrow(RecordMappingError);
    expect(() => map({ _id: '' })).toThrow(RecordMappingError);
    expect(() => chatdashAdapter.mapRow(null as unknown as ChatDashConversation, context)).toThrow(RecordMappingError);
    expect(() => map({ _id: 'c1', status: 42 as unknown as string, channel: {} as unknown as string })).not.toThrow();
  });
});

describe('chatdashAdapter', () => {
  const requestContext = {
    binding: { connection: 'chatdash', agentId: 'agent/7' },
    credential: 'agency-key',
    pageSize: 20,
    position: {},
    wantSummary: false,
  };

  it('sends the bare agency key and no query without bounds', () => {
    const request = chatdashAdapter.buildRequest({ ...requestContext, bounds: { lagMs: 0 } });
    expect(request).toEqual({
      method: 'GET',
      path: '/agents/agent%2F7/conversations',
      query: {},
      headers: { Authorization: 'agency-key', Accept: 'application/json' },
    });
  });

  it('pushes down endDate = until + 1 s and never startDate', () => {
    const until = Date.parse('2026-03-01T11:00:00.000Z');
    const since = Date.parse('2026-03-01T09:00:00.000Z');
    const request = chatdashAdapter.buildRequest({ ...requestContext, bounds: { since, until, lagMs: 0 } });
    expect(request.query).toEqual({ endDate: '2026-03-01T11:00:01.000Z' });
  });

  it('declares a whole window, binding fields and no bound users', () => {
    expect(chatdashAdapter.pagination).toEqual({ kind: 'window' });
    expect(chatdashAdapter.order).toEqual({ kind: 'whole-window' });
    expect(chatdashAdapter.bindingSchema).toMatchObject({ required: ['agentId'], additionalProperties: false });
    expect(chatdashAdapter.vendorAgentId({ connection: 'chatdash', agentId: 'a1' })).toBe('a1');
    expect(chatdashAdapter.boundUserIds({ connection: 'chatdash', agentId: 'a1' })).toEqual([]);
  });

  it('parses a bare array and refuses anything else', () => {
    expect(chatdashAdapter.parsePage([])).toEqual({ records: [], hasMore: false });
    expect(chatdashAdapter.parsePage([{ _id: 'c1' }]).records).toEqual([{ _id: 'c1' }]);
    for (const body of [{ data: [] }, null, 'oops', undefined]) {
      expect(() => chatdashAdapter.parsePage(body)).toThrow(VendorShapeError);
    }
  });

  it('describes errors from message, a text body or the status', () => {
    expect(chatdashAdapter.describeError(400, { message: 'Invalid startDate' })).toEqual({ message: 'Invalid startDate' });
    expect(chatdashAdapter.describeError(502, 'Bad gateway')).toEqual({ message: 'Bad gateway' });
    expect(chatdashAdapter.describeError(500, {})).toEqual({ message: null });
  });
});

describe('an undocumented status "ended"', () => {
  it('maps to resolved, as the documented mapping reads ("ended → resolved")', () => {
    const record = { _id: 'c-ended', status: 'ended' } as unknown as ChatDashConversation;
    expect(mapChatDashRow(record).conversationState).toBe('resolved');
  });
});
