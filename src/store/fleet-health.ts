import { randomUUID } from 'node:crypto';
import { countsAgainstVendor, type BreakerView } from '../upstream/circuit-breaker.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { SharedStore } from './shared-store.js';

/** A connection as the fleet's health sees it. */
export interface HealthSettings {
  name: string;
  breakerCooldownMs: number;
  timeoutMs: number;
}

/** The fleet's view of one connection, for `GET /v1/connections`. */
export interface FleetHealthView {
  breaker: Omit<BreakerView, 'consecutiveFailures'> | null;
  /** Until when a vendor's `429 Retry-After` stops every replica from calling it. */
  rateLimitedUntil: string | null;
}

/** Whether this call may go to the vendor, and whether it is the fleet's half-open probe. */
export interface Admission {
  probe: string | undefined;
}

interface TrippedState {
  openedAt: number;
  failures: number;
}

/**
 * Vendor health shared by every replica through Redis. A vendor's `429` with
 * `Retry-After` stops every replica calling that connection until it passes. A breaker
 * that opens on one replica opens on all: while `open` lives (its TTL is the cool-down)
 * every replica refuses; once it expires, while `tripped` remains, one replica takes
 * the probe (`SET NX`) and the others keep refusing; the probe's success closes the
 * breaker for the fleet, its failure opens it again. Each replica still counts its own
 * failures in a row and keeps its own breaker, which is all there is while Redis is down.
 */
export class FleetHealth {
  constructor(private readonly store: SharedStore) {}

  /** Throws `VENDOR_RATE_LIMITED` or `CIRCUIT_OPEN` when the fleet says not to call. */
  async admit(connection: HealthSettings): Promise<Admission> {
    const keys = this.keys(connection.name);
    const [cooldownMs, open, tripped] = await this.store.attempt(
      (redis) => Promise.all([redis.pttl(keys.cooldown), redis.get(keys.open), redis.get(keys.tripped)]),
      () => [-2, null, null] as const,
    );
    if (cooldownMs > 0) {
      throw new VendorFailure(
        'VENDOR_RATE_LIMITED',
        `the vendor asked the gateway to slow down; no replica calls it for another ${Math.ceil(cooldownMs / 1000)} s`,
        Math.max(1, Math.ceil(cooldownMs / 1000)),
        true,
      );
    }
    if (open) throw this.refusal(JSON.parse(open) as TrippedState, connection);
    if (!tripped) return { probe: undefined };
    const token = randomUUID();
    const probing = await this.store.attempt(
      async (redis) => (await redis.set(keys.probe, token, 'PX', connection.timeoutMs + 1_000, 'NX')) === 'OK',
      () => true,
    );
    if (!probing) throw this.refusal(JSON.parse(tripped) as TrippedState, connection, 'another replica is probing the vendor');
    return { probe: token };
  }

  /** After a vendor call that went through. */
  async succeeded(connection: HealthSettings, admission: Admission): Promise<void> {
    if (!admission.probe) return;
    const keys = this.keys(connection.name);
    await this.store.attempt((redis) => redis.del(keys.open, keys.tripped, keys.probe), () => 0);
  }

  /**
   * After a vendor call failed: a 429 with `Retry-After` pauses the fleet; a failure that
   * opened this replica's breaker, or a failed probe, opens it for the fleet.
   */
  async failed(connection: HealthSettings, admission: Admission, failure: VendorFailure, openedHere: { failures: number } | undefined): Promise<void> {
    const keys = this.keys(connection.name);
    if (failure.vendorStatus === 429 && failure.retryAfterSec) {
      const ms = failure.retryAfterSec * 1000;
      await this.store.attempt((redis) => redis.set(keys.cooldown, '1', 'PX', ms), () => null);
    }
    const counts = countsAgainstVendor(failure);
    if (openedHere || (admission.probe && counts)) {
      const state: TrippedState = { openedAt: Date.now(), failures: openedHere?.failures ?? 1 };
      await this.store.attempt(
        (redis) =>
          redis
            .multi()
            .set(keys.open, JSON.stringify(state), 'PX', connection.breakerCooldownMs)
            // Only a reminder that a probe is due; a long-forgotten one must not refuse forever.
            .set(keys.tripped, JSON.stringify(state), 'PX', connection.breakerCooldownMs + 10 * 60_000)
            .del(keys.probe)
            .exec(),
        () => null,
      );
    } else if (admission.probe) {
      // Not the vendor's fault (a 4xx, a refusal): let the next caller probe.
      await this.store.attempt((redis) => redis.del(keys.probe), () => 0);
    }
  }

  async view(connection: HealthSettings): Promise<FleetHealthView | undefined> {
    const keys = this.keys(connection.name);
    return this.store.attempt<FleetHealthView | undefined>(
      async (redis) => {
        const [tripped, cooldownMs] = await Promise.all([redis.get(keys.tripped), redis.pttl(keys.cooldown)]);
        const state = tripped ? (JSON.parse(tripped) as TrippedState) : undefined;
        const probeAt = state ? state.openedAt + connection.breakerCooldownMs : 0;
        return {
          breaker: state
            ? {
                state: Date.now() < probeAt ? 'open' : 'half-open',
                openedAt: new Date(state.openedAt).toISOString(),
                probeAt: Date.now() < probeAt ? new Date(probeAt).toISOString() : null,
              }
            : null,
          rateLimitedUntil: cooldownMs > 0 ? new Date(Date.now() + cooldownMs).toISOString() : null,
        };
      },
      () => undefined,
    );
  }

  private refusal(state: TrippedState, connection: HealthSettings, why?: string): VendorFailure {
    const probeInMs = state.openedAt + connection.breakerCooldownMs - Date.now();
    const seconds = Math.max(1, Math.ceil(probeInMs / 1000));
    return new VendorFailure(
      'CIRCUIT_OPEN',
      why
        ? `the connection's circuit breaker is open across the fleet; ${why}`
        : `the connection's circuit breaker is open across the fleet after ${state.failures} failures in a row; the next probe is due in ${Math.max(0, Math.ceil(probeInMs / 1000))} s`,
      seconds,
    );
  }

  private keys(name: string) {
    return {
      cooldown: `health:${name}:rate-limited`,
      open: `health:${name}:breaker-open`,
      tripped: `health:${name}:breaker-tripped`,
      probe: `health:${name}:breaker-probe`,
    };
  }
}
