import { stringOrNull, msToIso, type MappedDetail, type Message, type MessageRole } from '../../src/contract/index.js';
import type { ConvocoreExport, ConvocoreExportTurn } from './convocore-detail-types.js';
import { parseConvocoreTs } from './convocore-export-time.js';
import type { ConvocoreConversation } from './convocore-types.js';
import { mapConvocoreRow } from './map-convocore-row.js';

export function mapConvocoreDetail(conversation: ConvocoreConversation, exported: ConvocoreExport): MappedDetail {
  const feedback = stringOrNull(exported.metadata?.feedback);
  return {
    row: mapConvocoreRow(conversation),
    // The record names no agent; the path does, and the vendor answers 404 for another's.
    recordAgentId: null,
    messages: mapConvocoreMessages(exported.turns ?? []),
    recordingUrl: null,
    // The contact's verdict on the conversation (`Positive`, `Negative`); `Unset` says nothing.
    analysis: feedback === null || feedback === 'Unset' ? null : { evaluation: { feedback }, collected: null },
  };
}

/** Every message with words, turn by turn; the export gives wall times only, so no offsets. */
export function mapConvocoreMessages(turns: ConvocoreExportTurn[]): Message[] {
  return turns.flatMap((turn) =>
    (turn.messages ?? []).flatMap((message): Message[] => {
      const text = stringOrNull(message.payload?.message);
      if (text === null) return [];
      return [{ role: roleOf(turn.from, message.payload?.aiGenerated), text, at: msToIso(parseConvocoreTs(message.ts)), offsetSec: null, endOffsetSec: null }];
    }),
  );
}

/** A bot message not written by the AI is a person's (a live agent who took over); an unknown sender is `system`. */
function roleOf(from: unknown, aiGenerated: unknown): MessageRole {
  if (from === 'user') return 'user';
  if (from === 'bot') return aiGenerated === false ? 'human' : 'agent';
  return from === 'human' ? 'human' : 'system';
}
