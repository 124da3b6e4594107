import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultWorld, watchUnhandledRejections, type FaultWorld, type TimedPage } from './fault-world.js';

/**
 * The gateway's request deadline. A source that waited for a Retry-After past it would
 * answer at the deadline, so "did not wait" is `ms < DEADLINE_MS`: a bound that is the
 * other behaviour, not a wall-clock margin that a busy machine can flake.
 */
const DEADLINE_MS = 10_000;
const rejections = watchUnhandledRejections();
let world: FaultWorld;

beforeEach(async () => {
  world = await startFaultWorld();
});
afterEach(async () => {
  await world.close();
});
afterAll(() => {
  rejections.stop();
  expect(rejections.list).toEqual([]);
});

function expectHealthyComplete(page: TimedPage, healthy: readonly string[]): void {
  for (const name of healthy) expect(page.sources.get(name), name).toMatchObject({ status: 'ok' });
  expect(page.body.data.rows.map((row) => row.id)).toEqual(world.cleanIds(healthy));
}

/** Every source reported the vendor calls its simulator answered. */
function expectRequestsCounted(page: TimedPage): void {
  const counts = world.requestCounts();
  for (const [name, entry] of page.sources) expect(entry.requests, name).toBe(counts[name]);
}

describe('a vendor answering 500', () => {
  it('fails that source only, without a retry; the other sources arrive complete', async () => {
    world.simulator('tether').faults.inject({ kind: 'status', status: 500 }, { times: Infinity });
    const page = await world.page();
    expect(page.status).toBe(200);
    expect(page.body.data.partial).toBe(true);
    expect(page.sources.get('tether')).toMatchObject({ status: 'error', requests: 1, error: { code: 'VENDOR_HTTP_ERROR' } });
    expect(page.sources.get('tether')!.error!.message).toContain('500');
    expectHealthyComplete(page, world.healthyOtherThan('tether'));
    expectRequestsCounted(page);
  });

  it('with strict=true the whole request fails with 502 SOURCE_FAILED', async () => {
    world.simulator('tether').faults.inject({ kind: 'status', status: 500 }, { times: Infinity });
    const page = await world.page({ strict: 'true' });
    expect(page.status).toBe(502);
    expect(page.body).toMatchObject({ success: false, error: 'SOURCE_FAILED' });
  });

  it('on every source is 502 ALL_SOURCES_FAILED', async () => {
    for (const simulator of world.world.simulators.values()) simulator.faults.inject({ kind: 'status', status: 500 }, { times: Infinity });
    const page = await world.page();
    expect(page.status).toBe(502);
    expect(page.body).toMatchObject({ success: false, error: 'ALL_SOURCES_FAILED' });
    expectRequestsCounted(page);
  });
});

describe('a vendor answering 503', () => {
  it('is retried, and the source recovers when the vendor does', async () => {
    world.simulator('chatdash').faults.inject({ kind: 'status', status: 503 }, { times: 2 });
    const page = await world.page();
    expect(page.sources.get('chatdash')).toMatchObject({ status: 'ok', requests: 3 });
    expect(page.body.data.partial).toBe(false);
    const calls = world.simulator('chatdash').requests;
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((call) => call.path + JSON.stringify(call.query))).size).toBe(1);
    expectHealthyComplete(page, world.healthyOtherThan());
    expectRequestsCounted(page);
    expect((await world.app.inject({ url: '/metrics' })).body).toContain('gateway_vendor_retries_total{connection="chatdash"} 2');
  });

  it('fails the source after the configured retries', async () => {
    world.simulator('chatdash').faults.inject({ kind: 'status', status: 503 }, { times: Infinity });
    const page = await world.page();
    expect(page.sources.get('chatdash')).toMatchObject({ status: 'error', requests: 3, error: { code: 'VENDOR_HTTP_ERROR' } });
    expectHealthyComplete(page, world.healthyOtherThan('chatdash'));
    expectRequestsCounted(page);
  });
});

describe('a vendor answering 429', () => {
  it('is retried after Retry-After seconds when they fit before the deadline', async () => {
    world.simulator('elevenlabs').faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } }, { times: 1 });
    const page = await world.page();
    expect(page.sources.get('elevenlabs')).toMatchObject({ status: 'ok', requests: 2 });
    const [first, second] = world.simulator('elevenlabs').requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expectHealthyComplete(page, world.healthyOtherThan());
  });

  it('is rate_limited at once with retryAfterSec when Retry-After seconds pass the deadline', async () => {
    world.simulator('elevenlabs').faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '30' } }, { times: Infinity });
    const page = await world.page();
    expect(page.sources.get('elevenlabs')).toMatchObject({
      status: 'rate_limited',
      retryAfterSec: 30,
      requests: 1,
      error: { code: 'VENDOR_RATE_LIMITED' },
    });
    expect(page.body.data.partial).toBe(true);
    expectHealthyComplete(page, world.healthyOtherThan('elevenlabs'));
    expect(page.ms).toBeLessThan(DEADLINE_MS);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const soon = new Date(Date.now() + 2_000).toUTCString();
    world.simulator('tether').faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': soon } }, { times: 1 });
    const page = await world.page();
    expect(page.sources.get('tether')).toMatchObject({ status: 'ok', requests: 2 });
    expectHealthyComplete(page, world.healthyOtherThan());
  });

  it('is rate_limited with the seconds until an HTTP date past the deadline', async () => {
    const later = new Date(Date.now() + 120_000).toUTCString();
    world.simulator('tether').faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': later } }, { times: Infinity });
    const page = await world.page();
    const tether = page.sources.get('tether')!;
    expect(tether).toMatchObject({ status: 'rate_limited', requests: 1 });
    expect(tether.retryAfterSec).toBeGreaterThanOrEqual(118);
    expect(tether.retryAfterSec).toBeLessThanOrEqual(120);
    expectHealthyComplete(page, world.healthyOtherThan('tether'));
    expect(page.ms).toBeLessThan(DEADLINE_MS);
  });
});
