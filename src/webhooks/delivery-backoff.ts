/**
 * When a failed delivery is tried again: exponential backoff with jitter, a receiver's
 * `Retry-After` honoured, then the dead letter. The default spreads 12 attempts over about
 * 27 hours (waits of 10 s, 30 s, 1.5 min, 4.5 min, 13.5 min, 40.5 min, 2 h, then 6 h four
 * times), so a receiver down for a day still gets every event. Tests hand in a faster one.
 */
export interface DeliveryBackoff {
  /** Attempts in all, the first included; the last failed one makes the delivery `failed`. */
  attempts: number;
  /** The wait before attempt `attempt + 1`, after `attempt` failed (1-based). */
  delayMs(attempt: number, retryAfterMs?: number): number;
}

export interface BackoffSchedule {
  attempts: number;
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Each wait is drawn from ±this share of its nominal value, so many deliveries retried together spread out. */
  jitter: number;
}

export const DEFAULT_BACKOFF_SCHEDULE: BackoffSchedule = { attempts: 12, firstDelayMs: 10_000, factor: 3, maxDelayMs: 6 * 3_600_000, jitter: 0.2 };

export function deliveryBackoff(schedule: BackoffSchedule = DEFAULT_BACKOFF_SCHEDULE, random: () => number = Math.random): DeliveryBackoff {
  return {
    attempts: schedule.attempts,
    delayMs(attempt, retryAfterMs) {
      // A receiver that says when to come back is believed, up to the longest wait.
      if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), schedule.maxDelayMs);
      const nominal = Math.min(schedule.maxDelayMs, schedule.firstDelayMs * schedule.factor ** (attempt - 1));
      return Math.round(nominal * (1 - schedule.jitter + 2 * schedule.jitter * random()));
    },
  };
}
