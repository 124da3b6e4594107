import { type StallProbe } from '../../src/contract/index.js';
import { MINUTE_MS, STALL_PROBE_MIN_COUNT, STALL_PROBE_WAIT_MINUTES } from '../../src/contract/testing.js';
import type { StoredConversation } from './tether-simulator-store.js';

/** The AI's, then a human's: the contact wrote last at each probe wait. */
const SHAPES = [
  ['autopilot', 'autopilot', 'autopilot'],
  ['awaiting-human', 'human', 'awaiting-human'],
] as const;

/**
 * Turns the last of a binding's generated visible conversations into stalled ones with
 * known waits (docs/monitor.md). Draws no random numbers.
 */
export function plantTetherStallProbes(visible: StoredConversation[], now: number): StallProbe[] {
  if (visible.length < STALL_PROBE_MIN_COUNT) return [];
  const targets = [...visible].reverse();
  const probes: StallProbe[] = [];
  for (const states of SHAPES) {
    STALL_PROBE_WAIT_MINUTES.forEach((wait, index) => {
      const conversation = targets[probes.length]!;
      const at = now - wait * MINUTE_MS;
      conversation.conversationState = states[index]!;
      conversation.lastMessageTime = at;
      conversation.latestInboundAt = at;
      probes.push({
        conversationId: conversation.conversationId,
        category: states[index] === 'autopilot' ? 'ai_stuck' : 'agent_abandoned',
        latestInboundAt: at,
      });
    });
  }
  return probes;
}
