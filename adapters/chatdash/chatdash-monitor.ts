import { isoToMs, type SignalMonitor } from '../../src/contract/index.js';
import type { ChatDashConversation } from './chatdash-types.js';

/**
 * ChatDash records carry a status (`ai`, `pending`, `human`), `isLive` and `updatedAt`,
 * but no message times or directions. So only one stall can be told for sure: a live
 * conversation `pending` a human (asked for, none joined yet). Its wait is measured from
 * `updatedAt`, the latest the request can have been made: a lower bound, never a guess upward.
 */
export const chatdashMonitor: SignalMonitor<ChatDashConversation> = {
  kind: 'signals',
  categories: ['agent_abandoned'],
  signals:
    'agent_abandoned only: status=pending with isLive=true and no endedAt, waiting since updatedAt (a lower bound). ' +
    'ai_stuck and conversations a human already holds (status=human) cannot be told: ChatDash records no message times or directions.',
  stallSignals(record) {
    if (record.endedAt || record.status !== 'pending' || record.isLive !== true) return null;
    return {
      aiOwned: false,
      humanRequestedOrHeld: true,
      latestInboundAt: isoToMs(record.updatedAt) ?? isoToMs(record.createdAt),
      latestAiReplyAt: null,
      latestHumanReplyAt: null,
      assigneeNames: [],
    };
  },
};
