import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FleetGuard } from '../../src/store/fleet-guard.js';
import type { SharedStore } from '../../src/store/shared-store.js';
import { CircuitBreaker } from '../../src/upstream/circuit-breaker.js';
import type { Connection } from '../../src/upstream/vendor-client.js';
import { VendorFailure } from '../../src/upstream/vendor-failure.js';
import { connectedStore, deleteKeys, uniquePrefix } from '../support/redis.js';

const opened: { store: SharedStore; prefix: string }[] = [];
afterEach(async () => {
  for (const { store, prefix } of opened.splice(0)) {
    store.close();
    await deleteKeys(prefix);
  }
});

/** `count` replicas' guards on one Redis prefix, each with its own breaker for the connection. */
async function replicas(count: number, name: string) {
  const prefix = uniquePrefix(name);
  const guards: { guard: FleetGuard; breaker: CircuitBreaker }[] = [];
  for (let index = 0; index < count; index += 1) {
    const store = await connectedStore(prefix);
    opened.push({ store, prefix });
    const guard = new FleetGuard(store);
    guards.push({ guard, breaker: new CircuitBreaker({ threshold: 2, cooldownMs: 1_000 }, Date.now, guard.sharedBreaker(connection())) });
  }
  return guards;
}

const connection = (overrides: Partial<Connection> = {}) =>
  ({ name: 'vendor-a', timeoutMs: 2_000, maxConcurrency: 2, breakerCooldownMs: 1_000, ...overrides }) as Connection;

const serverError = () => new VendorFailure('VENDOR_HTTP_ERROR', 'answered 500', undefined, true, 500);

/** One vendor call through a replica's breaker (its state shared through the fleet's store) and guard. */
function call<T>(replica: { guard: FleetGuard; breaker: CircuitBreaker }, outcome: () => Promise<T>, settings = connection()) {
  return replica.breaker.run(() => replica.guard.run(settings, Date.now() + 5_000, outcome));
}

describe('the fleet guard of a connection', () => {
  it('holds maxConcurrency across replicas: a third call waits for one of two slots', async () => {
    const [first, second, third] = await replicas(3, 'guard-concurrency');
    let inFlight = 0;
    let most = 0;
    const slow = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(300);
      inFlight -= 1;
      return 'ok';
    };
    await Promise.all([call(first!, slow), call(second!, slow), call(third!, slow), call(first!, slow)]);
    expect(most).toBe(2);
  });

  it('holds requestsPerSecond across replicas, each call counting until a second after it ended', async () => {
    const [first, second] = await replicas(2, 'guard-rate');
    const settings = connection({ requestsPerSecond: 2 });
    const calls: { started: number; ended: number }[] = [];
    const slow = async () => {
      const started = Date.now();
      await sleep(300);
      calls.push({ started, ended: Date.now() });
    };
    await Promise.all([first, second, first, second].map((replica) => call(replica!, slow, settings)));
    calls.sort((a, b) => a.started - b.started);
    // Two at once; the next two only once a second passed since the first two ended.
    expect(calls[1]!.started - calls[0]!.started).toBeLessThan(1_000);
    const firstEnd = Math.min(calls[0]!.ended, calls[1]!.ended);
    expect(calls[2]!.started).toBeGreaterThanOrEqual(firstEnd + 999);
  });

  it('counts a vendor call that timed out against requestsPerSecond for two seconds after it ended', async () => {
    const [first, second] = await replicas(2, 'guard-rate-timeout');
    const settings = connection({ requestsPerSecond: 1 });
    const timedOut = new VendorFailure('VENDOR_TIMEOUT', 'the vendor did not answer within 500 ms');
    const endedBy = Date.now();
    await expect(call(first!, async () => Promise.reject(timedOut), settings)).rejects.toBe(timedOut);
    // Its request may still reach the vendor after the replica gave up on it.
    let startedAt = 0;
    await call(second!, async () => (startedAt = Date.now()), settings);
    expect(startedAt).toBeGreaterThanOrEqual(endedBy + 1_999);
  });

  it("passes a vendor's 429 Retry-After to every replica", async () => {
    const [first, second] = await replicas(2, 'guard-429');
    const tooMany = new VendorFailure('VENDOR_RATE_LIMITED', 'answered 429', 3, true, 429);
    await expect(call(first!, async () => Promise.reject(tooMany))).rejects.toBe(tooMany);
    let called = false;
    const refusal = await call(second!, async () => (called = true)).catch((error: VendorFailure) => error);
    expect(called).toBe(false);
    expect(refusal).toMatchObject({ code: 'VENDOR_RATE_LIMITED', status: 'rate_limited' });
    expect((refusal as VendorFailure).retryAfterSec).toBeGreaterThanOrEqual(2);
    expect((refusal as VendorFailure).retryAfterSec).toBeLessThanOrEqual(3);
    expect((await second!.guard.view(connection()))?.rateLimitedUntil).not.toBeNull();
  });

  it('a breaker opened on one replica is open on all; after the cool-down one replica probes and closes it', async () => {
    const [first, second, third] = await replicas(3, 'guard-breaker');
    await call(first!, async () => Promise.reject(serverError())).catch(() => undefined);
    await call(first!, async () => Promise.reject(serverError())).catch(() => undefined);
    expect(first!.breaker.state).toBe('open');

    let calls = 0;
    const counted = async () => {
      calls += 1;
      await sleep(200);
      return 'ok';
    };
    await expect(call(second!, counted)).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(calls).toBe(0);
    expect((await third!.guard.view(connection()))?.breaker?.state).toBe('open');

    await sleep(1_100);
    const outcomes = await Promise.allSettled([call(second!, counted), call(third!, counted)]);
    expect(calls).toBe(1);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await third!.guard.view(connection()))?.breaker).toBeNull();
    await expect(call(third!, counted)).resolves.toBe('ok');
  });

  it('without a store keeps requestsPerSecond in this process', async () => {
    const guard = new FleetGuard();
    const breaker = new CircuitBreaker({ threshold: 5, cooldownMs: 1_000 });
    const settings = connection({ requestsPerSecond: 2 });
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, () => breaker.run(() => guard.run(settings, Date.now() + 5_000, async () => started.push(Date.now())))),
    );
    started.sort((a, b) => a - b);
    // Two start at once; the other two wait for the next second.
    expect(started[2]! - started[0]!).toBeGreaterThanOrEqual(900);
    expect(await guard.view(settings)).toBeUndefined();
  });
});
