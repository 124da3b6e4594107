import { randomUUID } from 'node:crypto';
import type { Result } from 'ioredis';
import type { SharedStore } from './shared-store.js';

/** Marks this replica seen (Redis' clock), forgets replicas not seen for ARGV[2] ms, answers how many remain. */
const SEEN = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZCARD', KEYS[1])
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    fleetReplicaSeen(key: string, replica: string, forgetAfterMs: number): Result<number, Context>;
  }
}

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
    if (!store.redis.fleetReplicaSeen) store.redis.defineCommand('fleetReplicaSeen', { numberOfKeys: 1, lua: SEEN });
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
    const count = await this.store.attempt((redis) => redis.fleetReplicaSeen('replicas', this.id, 3 * this.everyMs), () => undefined);
    if (count !== undefined) this.seen = Math.max(1, count);
    // Until Redis first answered, this replica knows of no other: ask again soon rather than at the next interval.
    else if (!this.answered) setTimeout(() => void this.sayAlive(), 100).unref();
    this.answered ||= count !== undefined;
  }
}
