import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readFixtures } from '../../../src/tools/fixture-file.js';
import { RecordMappingError, VendorShapeError } from '../../../src/contract/index.js';
import { mapTetherRow } from '../../../adapters/tether/map-tether-row.js';
import { tetherAdapter } from '../../../adapters/tether/tether-adapter.js';
import type { TetherConversationRow } from '../../../adapters/tether/tether-types.js';
import { mappedAsSent } from '../../support/mapped-as-sent.js';

const fixtures = readFixtures(fileURLToPath(new URL('../../..', import.meta.url)), 'tether').map(({ fixture }) => fixture);


function record(fields: Partial<TetherConversationRow> = {}): TetherConversationRow {
  return {
    conversationId: '65d3e0f0a0b0c0d0e0f0a0b0',
    contactId: '65c2d0e0f0a0b0c0d0e0f0a0',
    contactName: 'Alex Morgan',
    contactPhone: '+14165550100',
    channelType: 'sms',
    lastMessageTime: '2026-05-18T14:32:12.000Z',
    lastMessagePreview: 'Thanks! That worked.',
    conversationState: 'awaiting-human',
    hasAccess: true,
    ...fields,
  };
}

describe('Tether fixtures replay', () => {
  it('has the fixtures the brief asks for', () => {
    expect(fixtures.map((fixture) => fixture.case).sort()).toEqual([
      'assignee-two-pages',
      'owner-department-unknown-enums',
      'unauthorized',
    ]);
  });

  for (const fixture of fixtures) {
    it(`${fixture.case}: parsePage → mapRow equals expectedRows`, () => {
      const fixtureBinding = { connection: 'tether', ...fixture.binding };
      const rows = fixture.exchanges
        .filter((exchange) => exchange.response.status < 300)
        .flatMap((exchange) => tetherAdapter.parsePage(exchange.response.body).records)
        .map((raw) => mappedAsSent(tetherAdapter, raw as TetherConversationRow, fixtureBinding));
      expect(rows).toEqual(fixture.expectedRows);
    });
  }

  it('maps the hand-edited unknown enums to other / unknown and ignores the extra field', () => {
    const fixture = fixtures.find((candidate) => candidate.case === 'owner-department-unknown-enums')!;
    const raw = tetherAdapter.parsePage(fixture.exchanges[0]!.response.body).records[1] as TetherConversationRow;
    expect(raw.channelType).toBe('rcs');
    const row = mapTetherRow(raw);
    expect(row.channelType).toBe('other');
    expect(row.conversationState).toBe('unknown');
    expect(row).not.toHaveProperty('slaBreached');
  });

  it('reads the recorded 401 body with describeError', () => {
    const fixture = fixtures.find((candidate) => candidate.case === 'unauthorized')!;
    const { status, body } = fixture.exchanges[0]!.response;
    expect(status).toBe(401);
    expect(tetherAdapter.describeError(status, body)).toEqual({ message: 'Unauthorized', vendorCode: 'UNAUTHORIZED' });
  });
});

describe('mapTetherRow', () => {
  it('maps the documented example row', () => {
    expect(mapTetherRow(record())).toEqual({
      conversationId: '65d3e0f0a0b0c0d0e0f0a0b0',
      contactId: '65c2d0e0f0a0b0c0d0e0f0a0',
      contactName: 'Alex Morgan',
      contactEmail: null,
      contactPhone: '+14165550100',
      channelType: 'sms',
      conversationState: 'awaiting-human',
      startedAt: null,
      endedAt: null,
      lastActivityAt: '2026-05-18T14:32:12.000Z',
      lastMessagePreview: 'Thanks! That worked.',
      messageCount: null,
      durationSec: null,
      summary: null,
      successful: null,
      rating: null,
      tags: [],
      assignees: [],
      cost: null,
      language: null,
      direction: null,
      hasAccess: true,
    });
  });

  it('normalizes lastMessageTime to ISO UTC with milliseconds', () => {
    expect(mapTetherRow(record({ lastMessageTime: '2026-05-18T10:32:12-04:00' })).lastActivityAt).toBe(
      '2026-05-18T14:32:12.000Z',
    );
    expect(mapTetherRow(record({ lastMessageTime: '2026-05-18T14:32:12Z' })).lastActivityAt).toBe(
      '2026-05-18T14:32:12.000Z',
    );
  });

  it('maps a null, missing or unparseable lastMessageTime to null', () => {
    expect(mapTetherRow(record({ lastMessageTime: null })).lastActivityAt).toBeNull();
    expect(mapTetherRow(record({ lastMessageTime: undefined })).lastActivityAt).toBeNull();
    expect(mapTetherRow(record({ lastMessageTime: 'yesterday' })).lastActivityAt).toBeNull();
  });

  it('keeps known channel types and maps unknown ones to other', () => {
    const channel = (channelType: unknown) =>
      mapTetherRow(record({ channelType: channelType as string })).channelType;
    expect(['sms', 'email', 'webchat', 'whatsapp', 'voice'].map(channel)).toEqual([
      'sms',
      'email',
      'webchat',
      'whatsapp',
      'voice',
    ]);
    expect(channel('rcs')).toBe('other');
    expect(channel(undefined)).toBe('other');
    expect(channel(42)).toBe('other');
  });

  it('keeps known states and maps unknown ones to unknown', () => {
    const state = (conversationState: unknown) =>
      mapTetherRow(record({ conversationState: conversationState as string })).conversationState;
    expect(['autopilot', 'awaiting-human', 'human', 'resolved', 'failed'].map(state)).toEqual([
      'autopilot',
      'awaiting-human',
      'human',
      'resolved',
      'failed',
    ]);
    expect(state('snoozed')).toBe('unknown');
    expect(state(undefined)).toBe('unknown');
  });

  it('throws RecordMappingError when the conversation id is missing or empty', () => {
    expect(() => mapTetherRow(record({ conversationId: undefined }))).toThrow(RecordMappingError);
    expect(() => mapTetherRow(record({ conversationId: '' }))).toThrow(RecordMappingError);
  });

  it('never lets the preview pass 80 characters, counted in code points', () => {
    const long = '🚀'.repeat(50) + 'x'.repeat(50);
    const row = mapTetherRow(record({ lastMessagePreview: long }));
    expect(Array.from(row.lastMessagePreview!)).toHaveLength(80);
    expect(row.lastMessagePreview).toBe('🚀'.repeat(50) + 'x'.repeat(30));
    expect(mapTetherRow(record({ lastMessagePreview: null })).lastMessagePreview).toBeNull();
  });

  it('maps missing optional contact fields and an empty contact name to null', () => {
    const row = mapTetherRow(
      record({ contactId: null, contactName: '', contactPhone: undefined, hasAccess: undefined }));
    expect(row).toMatchObject({ contactId: null, contactName: null, contactPhone: null, contactEmail: null });
    expect(row.hasAccess).toBeNull();
  });

  it('keeps unicode names as they are', () => {
    expect(mapTetherRow(record({ contactName: 'Émile 🚀 Zola' })).contactName).toBe('Émile 🚀 Zola');
  });

  it('reads contactEmail and assigneeNames when a deployment sends them', () => {
    const row = mapTetherRow(
      record({ contactEmail: 'jane@example.com', assigneeNames: ['Alice Rivera', '', 'Marcus Chen'] }));
    expect(row.contactEmail).toBe('jane@example.com');
    expect(row.assignees).toEqual(['Alice Rivera', 'Marcus Chen']);
  });

  it('keeps the vendor hasAccess verdict', () => {
    expect(mapTetherRow(record({ hasAccess: false })).hasAccess).toBe(false);
  });

  it('leaves vendorAgentId to the gateway, which takes the binding userId', () => {
    const owner = { connection: 'tether', userId: 'aaaaaaaaaaaaaaaaaaaaaaaa', type: 'owner' };
    expect(mapTetherRow(record()).vendorAgentId).toBeUndefined();
    expect(tetherAdapter.vendorAgentId(owner)).toBe('aaaaaaaaaaaaaaaaaaaaaaaa');
  });
});

describe('tetherAdapter.parsePage and describeError', () => {
  it('reads rows and totalPages', () => {
    const page = tetherAdapter.parsePage({
      success: true,
      data: { rows: [record()], pagination: { page: 1, limit: 20, total: 1, totalPages: 1 } },
    });
    expect(page.records).toHaveLength(1);
    expect(page.totalPages).toBe(1);
  });

  it('tolerates a missing pagination object', () => {
    const page = tetherAdapter.parsePage({ success: true, data: { rows: [] } });
    expect(page).toEqual({ records: [] });
  });

  it('throws VendorShapeError when data.rows is missing', () => {
    expect(() => tetherAdapter.parsePage({ success: true, data: {} })).toThrow(VendorShapeError);
    expect(() => tetherAdapter.parsePage({ success: true, data: { rows: {} } })).toThrow(VendorShapeError);
    expect(() => tetherAdapter.parsePage([])).toThrow(VendorShapeError);
    expect(() => tetherAdapter.parsePage(null)).toThrow(VendorShapeError);
  });

  it('describes errors without a code or body', () => {
    expect(tetherAdapter.describeError(403, { success: false, message: 'Access denied' })).toEqual({
      message: 'Access denied',
    });
    expect(tetherAdapter.describeError(502, '<html>')).toEqual({ message: null });
  });

  it('nativeKey is lastMessageTime in ms, null when absent', () => {
    expect(tetherAdapter.nativeKey(record())).toBe(Date.parse('2026-05-18T14:32:12.000Z'));
    expect(tetherAdapter.nativeKey(record({ lastMessageTime: null }))).toBeNull();
  });
});
