import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { transactionAnswers, type SharedStore } from './shared-store.js';

/**
 * How many replicas share the store, as last seen while Redis answered: each one says it
 * is alive every `everyMs`. A replica on its own while Redis is down takes its share of
 * a fleet-wide budget by it.
 */
export class FleetSize {
  private seen = 1;
  private answered = false;
  private closed = false;
  private readonly id = randomUUID();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: SharedStore,
    private readonly everyMs = 2_000,
  ) {
    this.timer = setInterval(() => void this.sayAlive(), everyMs).unref();
    void this.sayAlive();
  }

  /** Replicas seen in the last few intervals, this one included (1 until Redis first answered). */
  get replicas(): number {
    return this.seen;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  /** Says this replica is alive and learns how many are. */
  async sayAlive(): Promise<void> {
    if (this.closed) return;
    const count = await this.store.attempt((redis) => markSeen(redis, this.id, 3 * this.everyMs), () => undefined);
    if (count !== undefined) this.seen = Math.max(1, count);
    // Until Redis first answered, this replica knows of no other: ask again soon rather than at the next interval.
    else if (!this.answered) setTimeout(() => void this.sayAlive(), 100).unref();
    this.answered ||= count !== undefined;
  }
}

/**
 * Marks `replica` seen now, forgets replicas not seen for `forgetAfterMs`, answers how
 * many remain: one transaction on a sorted set of replicas by when each was last seen
 * (each replica's clock: a replica whose clock runs behind by more than the interval is
 * forgotten early, and only holds to a larger share while Redis is down).
 */
async function markSeen(redis: Redis, replica: string, forgetAfterMs: number): Promise<number> {
  const now = Date.now();
  const answers = await transactionAnswers(
    redis
      .multi()
      .zadd('replicas', now, replica)
      .zremrangebyscore('replicas', '-inf', now - forgetAfterMs)
      .pexpire('replicas', forgetAfterMs)
      .zcard('replicas'),
  );
  return Number(answers[3]);
}
