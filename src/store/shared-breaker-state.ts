import { randomUUID } from 'node:crypto';
import type { BreakerView, SharedBreakerState } from '../upstream/circuit-breaker.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import { transactionAnswers, type SharedStore } from './shared-store.js';

/** A connection's breaker as the fleet keeps it. */
export interface SharedBreakerSettings {
  name: string;
  breakerCooldownMs: number;
  /** A probe holds its claim at most this long past the vendor's own timeout. */
  timeoutMs: number;
}

interface TrippedState {
  openedAt: number;
  failures: number;
}

/**
 * A connection's breaker state in Redis, shared by every replica. While `open` lives (its
 * TTL is the cool-down) every replica refuses; once it expires, while `tripped` remains,
 * one replica takes the probe (`SET NX`) and the others keep refusing; the probe's
 * success closes the breaker for the fleet, its failure opens it again. Each replica still
 * counts its own failures in a row and keeps its own state, which is all there is while
 * Redis is down.
 */
export class RedisBreakerState implements SharedBreakerState {
  constructor(
    private readonly store: SharedStore,
    private readonly settings: SharedBreakerSettings,
  ) {}

  async admit(): Promise<string | undefined> {
    const keys = this.keys();
    const [open, tripped] = await this.store.attempt((redis) => redis.mget(keys.open, keys.tripped), () => [null, null]);
    if (open) throw this.refusal(JSON.parse(open) as TrippedState);
    if (!tripped) return undefined;
    const token = randomUUID();
    const probing = await this.store.attempt(
      async (redis) => (await redis.set(keys.probe, token, 'PX', this.settings.timeoutMs + 1_000, 'NX')) === 'OK',
      () => true,
    );
    if (!probing) throw this.refusal(JSON.parse(tripped) as TrippedState, 'another replica is probing the vendor');
    return token;
  }

  async closed(): Promise<void> {
    const keys = this.keys();
    await this.store.attempt((redis) => redis.del(keys.open, keys.tripped, keys.probe), () => 0);
  }

  async opened(failures: number): Promise<void> {
    const keys = this.keys();
    const state = JSON.stringify({ openedAt: Date.now(), failures } satisfies TrippedState);
    const cooldownMs = this.settings.breakerCooldownMs;
    await this.store.attempt(
      (redis) =>
        transactionAnswers(
          redis
            .multi()
            .set(keys.open, state, 'PX', cooldownMs)
            // Only a reminder that a probe is due; a long-forgotten one must not refuse forever.
            .set(keys.tripped, state, 'PX', cooldownMs + 10 * 60_000)
            .del(keys.probe),
        ),
      () => [],
    );
  }

  async released(): Promise<void> {
    await this.store.attempt((redis) => redis.del(this.keys().probe), () => 0);
  }

  /** The fleet's breaker, for `GET /v1/connections`; undefined while Redis is down. */
  view(): Promise<Omit<BreakerView, 'consecutiveFailures'> | null | undefined> {
    return this.store.attempt<Omit<BreakerView, 'consecutiveFailures'> | null | undefined>(
      async (redis) => {
        const tripped = await redis.get(this.keys().tripped);
        if (!tripped) return null;
        const state = JSON.parse(tripped) as TrippedState;
        const probeAt = state.openedAt + this.settings.breakerCooldownMs;
        const open = Date.now() < probeAt;
        return { state: open ? 'open' : 'half-open', openedAt: new Date(state.openedAt).toISOString(), probeAt: open ? new Date(probeAt).toISOString() : null };
      },
      () => undefined,
    );
  }

  private refusal(state: TrippedState, why?: string): VendorFailure {
    const probeInMs = state.openedAt + this.settings.breakerCooldownMs - Date.now();
    return new VendorFailure(
      'CIRCUIT_OPEN',
      why
        ? `the connection's circuit breaker is open across the fleet; ${why}`
        : `the connection's circuit breaker is open across the fleet after ${state.failures} failures in a row; the next probe is due in ${Math.max(0, Math.ceil(probeInMs / 1000))} s`,
      Math.max(1, Math.ceil(probeInMs / 1000)),
    );
  }

  private keys() {
    const name = this.settings.name;
    return { open: `health:${name}:breaker-open`, tripped: `health:${name}:breaker-tripped`, probe: `health:${name}:breaker-probe` };
  }
}
