import { asObject, epochToMs, stringOrNull, type SignalMonitor } from '../../src/contract/index.js';
import type { ConvocoreConversation } from './convocore-types.js';

/**
 * Stall signals from an ordinary Convocore record (docs/monitor.md):
 * - `ai-chatting` owns it; `pendingAiReplyAt` is a contact message the AI has not answered yet;
 * - `requested_chat` asked for a human at the latest `handoffHistory[].requestedAt`;
 * - `human-chatting` holds it; the last message (`lastMessageTS`) is unanswered while
 *   `humanLastRepliedAt` is older.
 */
export const convocoreMonitor: SignalMonitor<ConvocoreConversation> = {
  kind: 'signals',
  categories: ['ai_stuck', 'agent_abandoned'],
  signals:
    'state, pendingAiReplyAt (ai_stuck); handoffHistory requestedAt, lastMessageTS, humanClaimedAt and ' +
    'humanLastRepliedAt (agent_abandoned). An ai-chatting conversation without pendingAiReplyAt has nothing unanswered.',
  stallSignals(record) {
    const lastMessageMs = epochToMs(record.lastMessageTS) ?? epochToMs(record.ts);
    const pendingMs = epochToMs(record.pendingAiReplyAt);
    const base = { latestAiReplyAt: null, latestHumanReplyAt: epochToMs(record.humanLastRepliedAt), assigneeNames: assigneeNames(record) };
    switch (record.state) {
      case 'ai-chatting':
        return { ...base, aiOwned: true, humanRequestedOrHeld: false, latestInboundAt: pendingMs, latestHumanReplyAt: null };
      case 'requested_chat':
        return { ...base, aiOwned: false, humanRequestedOrHeld: true, latestInboundAt: latest(latestRequestMs(record), pendingMs) ?? lastMessageMs };
      case 'human-chatting':
        return { ...base, aiOwned: false, humanRequestedOrHeld: true, latestInboundAt: lastMessageMs };
      default:
        return null;
    }
  },
};

function latestRequestMs(record: ConvocoreConversation): number | null {
  const history = Array.isArray(record.handoffHistory) ? record.handoffHistory : [];
  return history.reduce<number | null>((found, entry) => latest(found, epochToMs(asObject(entry)['requestedAt'])), null);
}

function latest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}

function assigneeNames(record: ConvocoreConversation): string[] {
  const name = stringOrNull(asObject(record.assignedTo)['name']);
  return name === null ? [] : [name];
}
