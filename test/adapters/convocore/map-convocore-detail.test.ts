import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConvocoreExport } from '../../../adapters/convocore/convocore-detail-types.js';
import type { ConvocoreConversation } from '../../../adapters/convocore/convocore-types.js';
import { mapConvocoreDetail, mapConvocoreMessages } from '../../../adapters/convocore/map-convocore-detail.js';
import { mapConvocoreRow } from '../../../adapters/convocore/map-convocore-row.js';
import { readDetailFixtures } from '../../support/detail-fixture.js';

const fixture = readDetailFixtures(fileURLToPath(new URL('../../..', import.meta.url)), 'convocore').find((entry) => entry.case === 'human-takeover')!;
const record = (fixture.exchanges[0]!.response.body as { data: ConvocoreConversation }).data;
const exported = (fixture.exchanges[1]!.response.body as { data: ConvocoreExport }).data;

describe('mapConvocoreDetail', () => {
  it("maps the row from the metadata read, exactly as the list's record", () => {
    expect(mapConvocoreDetail(record, exported).row).toEqual(mapConvocoreRow(record));
  });

  it('tells the AI from a person on bot turns, keeps an unknown sender as system, and leaves messages without words out', () => {
    expect(mapConvocoreMessages(exported.turns!).map((message) => message.role)).toEqual(['user', 'agent', 'agent', 'user', 'human', 'human', 'system', 'human']);
  });

  it('reads the human-readable times as UTC and gives no offsets', () => {
    expect(mapConvocoreMessages(exported.turns!)[3]).toEqual({ role: 'user', text: 'A person, please.', at: '2025-12-01T10:41:15.000Z', offsetSec: null, endOffsetSec: null });
    expect(mapConvocoreMessages([{ from: 'user', messages: [{ type: 'text', ts: '2025-12-01 10:41', payload: { message: 'hi' } }] }])[0]!.at).toBeNull();
  });

  it("names no agent (the path does), and reports the contact's feedback unless it is Unset", () => {
    expect(mapConvocoreDetail(record, exported)).toMatchObject({ recordAgentId: null, recordingUrl: null, analysis: { evaluation: { feedback: 'Positive' }, collected: null } });
    expect(mapConvocoreDetail(record, { ...exported, metadata: { feedback: 'Unset' } }).analysis).toBeNull();
  });
});
