import { asObject, stringOrNull, type MappedDetail } from '../../src/contract/index.js';
import type { ChatDashConversation } from './chatdash-types.js';
import { mapChatDashRow } from './map-chatdash-row.js';

/** The list's record read by id: the row, the recording of a call, the evaluation and the custom analysis; no messages. */
export function mapChatDashDetail(record: ChatDashConversation): MappedDetail {
  const row = mapChatDashRow(record);
  const evaluation = record.evaluation ?? null;
  const collected = asObject(record.customAnalysis);
  const hasCollected = Object.keys(collected).length > 0;
  return {
    row,
    recordAgentId: stringOrNull(record.agentId),
    messages: [],
    // `url` is the recording on voice calls, the conversation's own page on other channels.
    recordingUrl: row.channelType === 'voice' ? stringOrNull(record.url) : null,
    analysis: evaluation === null && !hasCollected ? null : { evaluation, collected: hasCollected ? collected : null },
  };
}
