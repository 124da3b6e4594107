import { randomUUID } from 'node:crypto';
import type { Result } from 'ioredis';
import type { SharedStore } from './shared-store.js';

/**
 * A call let through; `ended` once it is over, so it counts only `afterEndMs` longer, or
 * twice that when the vendor never answered: its request may reach the vendor after this
 * replica gave up on it.
 */
export interface AdmittedCall {
  ended(answered?: boolean): void;
}

export interface CallWindowSettings {
  /** Calls that may count at once. */
  limit: number;
  /** How long a call counts after it ended: 0 for calls in flight, 1,000 for calls per second. */
  afterEndMs: number;
  /** Longest a call can last: a call whose end is never told (its replica died) counts this long, plus `afterEndMs`. */
  longestCallMs: number;
}

/**
 * Adds the calls a replica counted on its own (ARGV[4..]: ms still to count, id), then
 * admits a call when fewer than `limit` count; else says how long until the first stops
 * counting. Each entry is the epoch ms (Redis' clock) until which one call counts.
 */
const ADMIT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local hold = tonumber(ARGV[2])
for i = 4, #ARGV, 2 do
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[i]), ARGV[i + 1])
  hold = math.max(hold, tonumber(ARGV[i]))
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], hold)
  return -1
end
redis.call('PEXPIRE', KEYS[1], hold)
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(first[2]) - now)
`;

/** The call ended: it counts `afterEndMs` from now (unless it already stopped counting). */
const END = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local afterEnd = tonumber(ARGV[1])
if afterEnd == 0 then return redis.call('ZREM', KEYS[1], ARGV[2]) end
redis.call('ZADD', KEYS[1], 'XX', now + afterEnd, ARGV[2])
if redis.call('PTTL', KEYS[1]) < afterEnd then redis.call('PEXPIRE', KEYS[1], afterEnd) end
return 1
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    fleetCallAdmit(key: string, limit: number, holdMs: number, id: string, ...counted: (number | string)[]): Result<number, Context>;
    fleetCallEnd(key: string, afterEndMs: number, id: string): Result<number, Context>;
  }
}

/**
 * Calls that count against a budget from when they are let through until `afterEndMs`
 * after they ended: at most `limit` count at once. With `afterEndMs` 0 that caps the
 * calls in flight; with 1,000 it caps the calls per second as the vendor sees them, since
 * a call reaches the vendor before it ends, however long this process took to send it.
 * With a store the calls are counted in Redis (a sorted set, one round trip a call) for
 * every replica; without one, in this process. While Redis is down, a replica counts
 * its own calls against its share of the limit, and brings Redis those still counting
 * once it answers again.
 */
/** One of this replica's calls: until when it counts (this process' clock), and whether Redis counts it too. */
interface OwnCall {
  until: number;
  inRedis: boolean;
}

export class CallWindow {
  /** This replica's own calls, also those Redis counted: what it holds to while Redis is down. */
  private readonly own = new Map<string, OwnCall>();
  /** Since when this replica counts on its own (Redis down); undefined while Redis counts. */
  private onOwnSince: number | undefined;

  constructor(
    private readonly key: string,
    readonly settings: CallWindowSettings,
    private readonly store?: SharedStore,
    /** Replicas sharing the budget as last seen: while Redis is down this one keeps its share. */
    private readonly replicas: () => number = () => 1,
  ) {
    const redis = store?.redis;
    if (redis && !redis.fleetCallAdmit) {
      redis.defineCommand('fleetCallAdmit', { numberOfKeys: 1, lua: ADMIT });
      redis.defineCommand('fleetCallEnd', { numberOfKeys: 1, lua: END });
    }
  }

  get limit(): number {
    return this.settings.limit;
  }

  /** The call, admitted; or how long until the first counted call stops counting (ms, at least 1). */
  async tryAdmit(): Promise<AdmittedCall | { retryInMs: number }> {
    const id = randomUUID();
    if (!this.store) return this.admitHere(id, this.settings);
    return this.store.attempt(
      (redis) => this.admitInRedis(redis, id),
      () => this.admitOnOwn(id),
    );
  }

  /** Brings Redis the calls this replica let through on its own that still count, then asks it. */
  private async admitInRedis(redis: SharedStore['redis'], id: string): Promise<AdmittedCall | { retryInMs: number }> {
    const now = Date.now();
    const carried = [...this.own].filter(([, call]) => !call.inRedis && call.until > now);
    const counted = carried.flatMap(([other, call]) => [call.until - now, other]);
    const retryInMs = await redis.fleetCallAdmit(this.key, this.settings.limit, holdMs(this.settings), id, ...counted);
    for (const [, call] of carried) call.inRedis = true;
    this.onOwnSince = undefined;
    return retryInMs >= 0 ? { retryInMs } : this.countHere(id, this.settings, true);
  }

  /**
   * Redis is down: this replica's share. A per-second budget first waits as long as a call
   * of another replica, let through just before, may still count (its longest and the
   * time after its end): this replica cannot know when those end.
   */
  private admitOnOwn(id: string): AdmittedCall | { retryInMs: number } {
    const now = Date.now();
    this.onOwnSince ??= now;
    const waitMs = this.settings.afterEndMs > 0 ? this.onOwnSince + holdMs(this.settings) - now : 0;
    if (waitMs > 0) return { retryInMs: waitMs };
    return this.admitHere(id, this.share());
  }

  /** This replica's share of the budget: the limit split between the replicas, at least one call, stretched in time to fit. */
  private share(): CallWindowSettings {
    const replicas = this.replicas();
    if (replicas <= 1) return this.settings;
    const limit = Math.max(1, Math.floor(this.settings.limit / replicas));
    return { ...this.settings, limit, afterEndMs: Math.ceil((this.settings.afterEndMs * limit * replicas) / this.settings.limit) };
  }

  private admitHere(id: string, settings: CallWindowSettings): AdmittedCall | { retryInMs: number } {
    const now = Date.now();
    this.forgetEnded(now);
    if (this.own.size >= settings.limit) return { retryInMs: Math.max(1, Math.min(...[...this.own.values()].map((call) => call.until)) - now) };
    return this.countHere(id, settings, false);
  }

  private forgetEnded(now: number): void {
    for (const [id, call] of this.own) if (call.until <= now) this.own.delete(id);
  }

  private countHere(id: string, settings: CallWindowSettings, inRedis: boolean): AdmittedCall {
    this.forgetEnded(Date.now());
    const call: OwnCall = { until: Date.now() + holdMs(settings), inRedis };
    this.own.set(id, call);
    return {
      ended: (answered = true) => {
        const afterEndMs = (answered ? 1 : 2) * settings.afterEndMs;
        call.until = Date.now() + afterEndMs;
        // Not awaited: until Redis hears of the end, the call counts for its longest, which only holds back more.
        if (call.inRedis) void this.store?.attempt((redis) => redis.fleetCallEnd(this.key, afterEndMs, id), () => 0);
      },
    };
  }
}

function holdMs(settings: CallWindowSettings): number {
  return settings.longestCallMs + settings.afterEndMs;
}
