import { type StallProbe } from '../../src/contract/index.js';
import { MINUTE_MS, STALL_PROBE_MIN_COUNT, STALL_PROBE_WAIT_MINUTES } from '../../src/contract/testing.js';
import type { ChatDashConversation } from './chatdash-types.js';

/**
 * Turns the last generated visible text conversations into live ones pending a human,
 * last updated at each probe wait (docs/monitor.md). Draws no random numbers.
 */
export function plantChatDashStallProbes(conversations: ChatDashConversation[], now: number): StallProbe[] {
  if (conversations.length < STALL_PROBE_MIN_COUNT) return [];
  const targets = conversations
    .filter((conversation) => conversation.record === true && conversation.interacted === true && conversation.channel !== 'voice')
    .reverse();
  const probes: StallProbe[] = [];
  for (const wait of STALL_PROBE_WAIT_MINUTES) {
    const conversation = targets[probes.length];
    if (!conversation) break;
    const updatedMs = now - wait * MINUTE_MS;
    for (const field of ['endedAt', 'summary', 'evaluation', 'liveAgentName', 'liveAgentId'] as const) delete conversation[field];
    conversation.status = 'pending';
    conversation.isLive = true;
    conversation.createdAt = new Date(updatedMs - 10 * MINUTE_MS).toISOString();
    conversation.updatedAt = new Date(updatedMs).toISOString();
    probes.push({ conversationId: conversation._id!, category: 'agent_abandoned', latestInboundAt: updatedMs });
  }
  return probes;
}
