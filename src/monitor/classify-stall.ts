import type { StallCategory, StallSignals } from '../contract/index.js';

const MINUTE_MS = 60_000;

export interface Stall {
  category: StallCategory;
  /** Epoch ms; null only for a vendor report row that names no inbound time. */
  latestInboundAt: number | null;
}

/**
 * The one rule for every vendor's signals (docs/monitor.md). A human asked for or
 * holding the conversation wins over the AI: then only a human reply answers.
 * - `agent_abandoned`: no human reply at or after the contact's latest message;
 * - `ai_stuck`: the AI owns it and no AI reply at or after the contact's latest message.
 * Without a known inbound time nothing can be said, so nothing is claimed.
 */
export function classifyStall(signals: StallSignals): Stall | null {
  const inbound = signals.latestInboundAt;
  if (inbound === null) return null;
  if (signals.humanRequestedOrHeld) {
    return answeredAfter(signals.latestHumanReplyAt, inbound) ? null : { category: 'agent_abandoned', latestInboundAt: inbound };
  }
  if (signals.aiOwned) {
    return answeredAfter(signals.latestAiReplyAt, inbound) ? null : { category: 'ai_stuck', latestInboundAt: inbound };
  }
  return null;
}

function answeredAfter(replyAt: number | null, inboundAt: number): boolean {
  return replyAt !== null && replyAt >= inboundAt;
}

/** Stalled once it has waited at least the threshold; an unknown wait only passes with `skipThreshold`. */
export function passesThreshold(latestInboundAt: number | null, asOf: number, thresholdMinutes: number, skipThreshold: boolean): boolean {
  if (skipThreshold) return true;
  return latestInboundAt !== null && asOf - latestInboundAt >= thresholdMinutes * MINUTE_MS;
}

/** Whole minutes waited at `asOf`, never negative; null when the inbound time is unknown. */
export function waitingMinutes(latestInboundAt: number | null, asOf: number): number | null {
  return latestInboundAt === null ? null : Math.max(0, Math.floor((asOf - latestInboundAt) / MINUTE_MS));
}
