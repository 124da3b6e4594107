import { epochToMs, numberOrNull, type SignalMonitor } from '../../src/contract/index.js';
import type { ElevenLabsConversation } from './elevenlabs-types.js';

/**
 * ElevenLabs calls are the AI's alone: a call stuck `in-progress` (since its start) or
 * `processing` (since its end, start plus duration) is `ai_stuck`. There is no human
 * handoff in the list, so `agent_abandoned` cannot be told.
 */
export const elevenlabsMonitor: SignalMonitor<ElevenLabsConversation> = {
  kind: 'signals',
  categories: ['ai_stuck'],
  signals:
    'ai_stuck only: status in-progress (waiting since start_time_unix_secs) or processing (since start plus call_duration_secs). ' +
    'agent_abandoned cannot be told: the conversation list has no human handoff.',
  stallSignals(record) {
    const startMs = epochToMs(record.start_time_unix_secs);
    if (startMs === null) return null;
    const durationSec = numberOrNull(record.call_duration_secs) ?? 0;
    const since = record.status === 'in-progress' ? startMs : record.status === 'processing' ? startMs + durationSec * 1000 : null;
    if (since === null) return null;
    return {
      aiOwned: true,
      humanRequestedOrHeld: false,
      latestInboundAt: since,
      latestAiReplyAt: null,
      latestHumanReplyAt: null,
      assigneeNames: [],
    };
  },
};
