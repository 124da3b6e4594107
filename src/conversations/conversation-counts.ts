import type { ChannelType, ConversationState } from '../contract/row.js';

/** The shape of a count's answer, beside its sources (imports only the row's enums: the explorer takes it too). */

/**
 * Why some rows may be missing from a count: `calls` (it made `limits.maxVendorCallsPerCount`
 * vendor calls), `rate-limited` (its calls spent the caller's rate limit), `deadline` (the
 * request's deadline passed), `cancelled` (the caller left, or the gateway is shutting down),
 * `source` (a source failed, or answered with records the gateway could not use: see `sources`).
 */
export const COUNT_STOPS = ['calls', 'rate-limited', 'deadline', 'cancelled', 'source'] as const;
export type CountStop = (typeof COUNT_STOPS)[number];

export interface CountTotals {
  /** Rows the list would return for exactly these filters. */
  total: number;
  bySource: Record<string, number>;
  /** Per state, the rows every filter but `state` keeps. */
  byState: Record<ConversationState, number>;
  /** Per channel, the rows every filter but `channel` keeps. */
  byChannel: Record<ChannelType, number>;
  /** Some rows may be missing: every count is then a lower bound. */
  partial: boolean;
  partialBecause: CountStop[];
  /** When the vendors were read (a count answered from the cache keeps its time). */
  countedAt: string;
  cached: boolean;
}
