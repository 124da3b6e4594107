import { randomUUID } from 'node:crypto';
import { Semaphore } from 'redis-semaphore';
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
  /**
   * Longest a call can last, with a margin of at least `afterEndMs` past its timeout: a
   * call whose end is never told (its replica died) counts this long plus `afterEndMs`,
   * which also covers a call that timed out (it ends at its timeout and counts twice
   * `afterEndMs` more).
   */
  longestCallMs: number;
}

/** A refusal: every call counted now has stopped counting within `retryInMs` (at least 1), maybe sooner. */
export interface Refusal {
  retryInMs: number;
}

/** One of this replica's calls: until when it counts (this process' clock), and its place in Redis' count, if Redis counts it. */
interface OwnCall {
  until: number;
  ended: boolean;
  place?: Semaphore;
}

/**
 * Calls that count against a budget from when they are let through until `afterEndMs`
 * after they ended: at most `limit` count at once. With `afterEndMs` 0 that caps the
 * calls in flight; with 1,000 it caps the calls per second as the vendor sees them, since
 * a call reaches the vendor before it ends, however long this process took to send it.
 *
 * With a store the places are counted for every replica by a Redis semaphore
 * (redis-semaphore: one round trip a call): a call takes a place when it is let through
 * and gives it back `afterEndMs` after it ended; a place its replica never gave back
 * (the replica died) lapses on its own once the call cannot count any more. Without a
 * store, the calls are counted in this process. While Redis is down, a replica counts its
 * own calls against its share of the limit, and gives Redis those still counting once
 * it answers again.
 */
export class CallWindow {
  /** This replica's own calls, also those Redis counts: what it holds to while Redis is down. */
  private readonly own = new Map<string, OwnCall>();
  /** Since when this replica counts on its own (Redis down); undefined while Redis counts. */
  private onOwnSince: number | undefined;

  constructor(
    private readonly key: string,
    readonly settings: CallWindowSettings,
    private readonly store?: SharedStore,
    /** Replicas sharing the budget as last seen: while Redis is down this one keeps its share. */
    private readonly replicas: () => number = () => 1,
  ) {}

  get limit(): number {
    return this.settings.limit;
  }

  /** The call, admitted; or a refusal saying by when every call counted now has stopped counting. */
  async tryAdmit(): Promise<AdmittedCall | Refusal> {
    const id = randomUUID();
    if (!this.store) return this.admitHere(id, this.settings);
    return this.store.attempt(
      (redis) => this.admitInRedis(redis, id),
      () => this.admitOnOwn(id),
    );
  }

  /** Gives Redis the calls this replica let through on its own that still count, then asks it for a place. */
  private async admitInRedis(redis: SharedStore['redis'], id: string): Promise<AdmittedCall | Refusal> {
    await this.carryOwnCalls(redis);
    this.onOwnSince = undefined;
    const place = this.place(redis, id);
    if (!(await place.tryAcquire())) return { retryInMs: holdMs(this.settings) };
    return this.countHere(id, this.settings, place);
  }

  /**
   * Each call let through while Redis was down that still counts takes a place in Redis,
   * given back when it stops counting. Places Redis has no room for are not taken: the
   * fleet went over its budget while Redis was down, and a place taken now would only
   * hold back calls to come.
   */
  private async carryOwnCalls(redis: SharedStore['redis']): Promise<void> {
    const now = Date.now();
    const carried = [...this.own].filter(([, call]) => !call.place && call.until > now);
    await Promise.all(
      carried.map(async ([id, call]) => {
        const place = this.place(redis, id);
        if (!(await place.tryAcquire())) return;
        call.place = place;
        if (call.ended) this.giveBackWhenDone(call);
      }),
    );
  }

  /**
   * Redis is down: this replica's share. A per-second budget first waits as long as a call
   * of another replica, let through just before, may still count (its longest and the
   * time after its end): this replica cannot know when those end.
   */
  private admitOnOwn(id: string): AdmittedCall | Refusal {
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

  private admitHere(id: string, settings: CallWindowSettings): AdmittedCall | Refusal {
    const now = Date.now();
    this.forgetEnded(now);
    if (this.own.size >= settings.limit) return { retryInMs: Math.max(1, Math.min(...[...this.own.values()].map((call) => call.until)) - now) };
    return this.countHere(id, settings);
  }

  private forgetEnded(now: number): void {
    for (const [id, call] of this.own) if (call.until <= now) this.own.delete(id);
  }

  private countHere(id: string, settings: CallWindowSettings, place?: Semaphore): AdmittedCall {
    this.forgetEnded(Date.now());
    const call: OwnCall = { until: Date.now() + holdMs(settings), ended: false, place };
    this.own.set(id, call);
    return {
      ended: (answered = true) => {
        call.until = Date.now() + (answered ? 1 : 2) * settings.afterEndMs;
        call.ended = true;
        this.giveBackWhenDone(call);
      },
    };
  }

  /** Gives the call's place in Redis back once it stops counting (at once for calls in flight). */
  private giveBackWhenDone(call: OwnCall): void {
    const { place } = call;
    const store = this.store;
    if (!place || !store) return;
    // Not awaited: until Redis hears of it, the place stays taken (for its longest at most), which only holds back more.
    const giveBack = () => void store.attempt(() => place.release(), () => undefined);
    const waitMs = call.until - Date.now();
    if (waitMs <= 0) giveBack();
    else setTimeout(giveBack, waitMs).unref();
  }

  /**
   * A place in the budget's semaphore. Every place of a key lapses after the same time,
   * the longest a call may count, so a replica that died holds its places no longer; it
   * is taken in one attempt and never refreshed (the call gives it back itself).
   */
  private place(redis: SharedStore['redis'], id: string): Semaphore {
    const lapseMs = holdMs(this.settings);
    return new Semaphore(redis, this.key, this.settings.limit, {
      identifier: id,
      lockTimeout: lapseMs,
      acquireTimeout: lapseMs,
      acquireAttemptsLimit: 1,
      retryInterval: 0,
      refreshInterval: 0,
    });
  }
}

/** The longest a call can count: its longest, then the time after its end. */
function holdMs(settings: CallWindowSettings): number {
  return settings.longestCallMs + settings.afterEndMs;
}
