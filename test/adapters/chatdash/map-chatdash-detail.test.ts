import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChatDashConversation } from '../../../adapters/chatdash/chatdash-types.js';
import { mapChatDashDetail } from '../../../adapters/chatdash/map-chatdash-detail.js';
import { mapChatDashRow } from '../../../adapters/chatdash/map-chatdash-row.js';
import { readDetailFixtures } from '../../support/detail-fixture.js';

const fixtures = readDetailFixtures(fileURLToPath(new URL('../../..', import.meta.url)), 'chatdash');
const recordOf = (name: string) => fixtures.find((fixture) => fixture.case === name)!.exchanges[0]!.response.body as ChatDashConversation;

describe('mapChatDashDetail', () => {
  it("maps the row as the list does, with no messages", () => {
    const call = recordOf('voice-call-row-only');
    expect(mapChatDashDetail(call)).toMatchObject({ row: mapChatDashRow(call), messages: [], recordAgentId: '65f0c0ffee0000000000beef' });
  });

  it("gives a voice call's url as its recording, never a chat's page", () => {
    expect(mapChatDashDetail(recordOf('voice-call-row-only')).recordingUrl).toBe('https://recordings.example.com/chatdash/6612aa01.wav');
    expect(mapChatDashDetail(recordOf('webchat-url-is-no-recording')).recordingUrl).toBeNull();
  });

  it('gives the evaluation as sent and the custom analysis as collected data, or no analysis', () => {
    expect(mapChatDashDetail(recordOf('voice-call-row-only')).analysis).toEqual({ evaluation: { isSuccess: true, reason: 'The caller got a new slot.' }, collected: { newSlot: '2026-01-16T09:30' } });
    expect(mapChatDashDetail(recordOf('webchat-url-is-no-recording')).analysis).toBeNull();
  });
});
