/**
 * Every simulator plants "stall probes" among its generated conversations: stalled
 * conversations of each category it can show, waiting just under, exactly at and just
 * over the default 30-minute threshold, relative to the simulator's `now`.
 */
export const STALL_PROBE_WAIT_MINUTES = [29, 30, 31] as const;

/** Below this many conversations for a binding, a simulator plants no probes (tiny test data stays as it was). */
export const STALL_PROBE_MIN_COUNT = 12;

export const MINUTE_MS = 60_000;
