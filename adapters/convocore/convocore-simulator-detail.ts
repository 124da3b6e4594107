import { epochToMs } from '../../src/contract/index.js';
import { seedFor, simulateTranscript } from '../../src/contract/testing.js';
import type { ConvocoreExport } from './convocore-detail-types.js';
import { formatConvocoreTs } from './convocore-export-time.js';
import type { ConvocoreConversation } from './convocore-types.js';
import { convocoreActivityMs } from './map-convocore-row.js';

const MINUTE_MS = 60_000;

/**
 * How the simulator answers `GET …/convos/{convoId}/export?format=json`: `messagesNum`
 * messages from `firstMessageTS` to the last activity, the last one the list's `lastMessage`.
 * Once a human took the chat over (`human-chatting`), the bot's later messages are theirs
 * (`aiGenerated: false`). Times in the vendor's human-readable form, read as UTC.
 */
export function convocoreExportOf(record: ConvocoreConversation): ConvocoreExport {
  const endMs = convocoreActivityMs(record) ?? 0;
  const startMs = Math.min(endMs, epochToMs(record.firstMessageTS) ?? endMs - 10 * MINUTE_MS);
  const turns = simulateTranscript(seedFor('convocore', record.ID!, 'transcript'), {
    turns: record.messagesNum ?? 0,
    durationSec: Math.floor((endMs - startMs) / 1000),
    opening: record.title ?? 'Hi, I have a question about my order.',
    ...(record.lastMessage && { closing: record.lastMessage }),
  });
  const takenOver = (index: number) => record.state === 'human-chatting' && index >= turns.length / 2;
  return {
    metadata: { feedback: 'Unset', convo: { id: record.ID, userName: record.userName, userEmail: record.userEmail, userPhone: record.userPhone, tags: record.tags ?? [], origin: record.origin }, sessions: [] },
    turns: turns.map((turn, index) => ({
      from: turn.speaker === 'agent' ? 'bot' : 'user',
      messages: [{
        type: 'text',
        ts: formatConvocoreTs(startMs + Math.floor(turn.startSec) * 1000),
        payload: { message: turn.text, feedback: 'Unset', aiGenerated: turn.speaker === 'agent' && !takenOver(index) },
      }],
    })),
  };
}
