import { type StallProbe } from '../../src/contract/index.js';
import { STALL_PROBE_MIN_COUNT, STALL_PROBE_WAIT_MINUTES } from '../../src/contract/testing.js';
import type { ConvocoreConversation } from './convocore-types.js';

const MINUTE_SECONDS = 60;
const SHAPES = ['ai-chatting', 'requested_chat', 'human-chatting'] as const;

/**
 * Turns the last generated non-empty conversations into stalled ones with known waits
 * (docs/monitor.md): for each shape, one per probe wait. Draws no random numbers, so the
 * rest of the generated data is unchanged.
 */
export function plantConvocoreStallProbes(records: ConvocoreConversation[], now: number): StallProbe[] {
  if (records.length < STALL_PROBE_MIN_COUNT) return [];
  const targets = records.filter((record) => (record.messagesNum ?? 0) > 0 && record.origin !== 'call').reverse();
  const nowSeconds = Math.floor(now / 1000);
  const probes: StallProbe[] = [];
  for (const shape of SHAPES) {
    for (const wait of STALL_PROBE_WAIT_MINUTES) {
      const record = targets[probes.length];
      if (!record) return probes;
      const ts = nowSeconds - wait * MINUTE_SECONDS;
      plant(record, shape, ts);
      probes.push({
        conversationId: record.ID!,
        category: shape === 'ai-chatting' ? 'ai_stuck' : 'agent_abandoned',
        latestInboundAt: ts * 1000,
      });
    }
  }
  return probes;
}

/** The contact wrote last, at `ts`, and nobody answered. */
function plant(record: ConvocoreConversation, shape: (typeof SHAPES)[number], ts: number): void {
  for (const field of ['pendingAiReplyAt', 'handoffHistory', 'humanClaimedAt', 'humanLastRepliedAt', 'assignedTo', 'chatAssignedTo'] as const) {
    delete record[field];
  }
  record.state = shape;
  record.ts = ts;
  record.lastMessageTS = ts;
  record.firstMessageTS = ts - 20 * MINUTE_SECONDS;
  if (shape === 'ai-chatting') record.pendingAiReplyAt = ts;
  if (shape === 'requested_chat') record.handoffHistory = [{ requestedAt: ts }];
  if (shape === 'human-chatting') {
    const claimed = ts - 10 * MINUTE_SECONDS;
    record.assignedTo = { userId: 'usr_7f3a21', name: 'Dana Whitfield', status: 'accepted', assignedAt: claimed };
    record.humanClaimedAt = claimed;
    record.humanLastRepliedAt = claimed + MINUTE_SECONDS;
    record.handoffHistory = [{ requestedAt: claimed - MINUTE_SECONDS, acceptedAt: claimed, acceptedBy: 'usr_7f3a21' }];
  }
}
