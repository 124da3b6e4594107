import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/config/gateway-config.js';
import { startFaultWorld, watchUnhandledRejections, type FaultWorld, type TimedPage } from './fault-world.js';

/**
 * The deadline leaves the healthy simulators time to answer on a busy machine; the slow
 * vendor's delay lies far past it, so "answered at the deadline, not when the vendor did"
 * is a bound that is the other behaviour, not a wall-clock margin that can flake.
 */
const DEADLINE_MS = 3_000;
const VENDOR_DELAY_MS = 15_000;
const rejections = watchUnhandledRejections();
let world: FaultWorld | undefined;

async function start(adjust?: (config: GatewayConfig) => void): Promise<FaultWorld> {
  world = await startFaultWorld(adjust);
  return world;
}
afterEach(async () => {
  await world?.close();
  world = undefined;
});
afterAll(() => {
  rejections.stop();
  expect(rejections.list).toEqual([]);
});

function expectHealthyComplete(current: FaultWorld, page: TimedPage, healthy: readonly string[]): void {
  expect(page.status).toBe(200);
  for (const name of healthy) expect(page.sources.get(name), name).toMatchObject({ status: 'ok' });
  expect(page.body.data.rows.map((row) => row.id)).toEqual(current.cleanIds(healthy));
  const counts = current.requestCounts();
  for (const [name, entry] of page.sources) expect(entry.requests, name).toBe(counts[name]);
}

describe('a vendor slower than the deadline', () => {
  it('times out at the deadline (the gateway\'s cut-off, not the vendor\'s failure); the rest of the page arrives', async () => {
    const current = await start((config) => (config.limits.requestDeadlineMs = DEADLINE_MS));
    current.simulator('elevenlabs').faults.inject({ kind: 'delay', ms: VENDOR_DELAY_MS }, { times: Infinity });
    const page = await current.page();
    expect(page.sources.get('elevenlabs')).toMatchObject({ status: 'timeout', requests: 1, error: { code: 'DEADLINE_REACHED' } });
    expect(page.body.data.partial).toBe(true);
    expectHealthyComplete(current, page, current.healthyOtherThan('elevenlabs'));
    // It waited for the deadline (timers never fire early by more than a tick), not for the vendor.
    expect(page.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 10);
    expect(page.ms).toBeLessThan(VENDOR_DELAY_MS);
  });

  it('every source slower than the deadline is 502 ALL_SOURCES_FAILED within the deadline', async () => {
    const current = await start((config) => (config.limits.requestDeadlineMs = DEADLINE_MS));
    for (const simulator of current.world.simulators.values()) simulator.faults.inject({ kind: 'delay', ms: VENDOR_DELAY_MS }, { times: Infinity });
    const page = await current.page();
    expect(page.status).toBe(502);
    expect(page.body).toMatchObject({ error: 'ALL_SOURCES_FAILED' });
    expect(page.ms).toBeLessThan(VENDOR_DELAY_MS);
  });
});

describe('a connection reset', () => {
  it('is retried; one reset costs one more call and nothing else', async () => {
    const current = await start();
    current.simulator('convocore-eu').faults.inject({ kind: 'reset' }, { times: 1 });
    const page = await current.page();
    expect(page.sources.get('convocore-eu')).toMatchObject({ status: 'ok', requests: 2 });
    expectHealthyComplete(current, page, current.healthyOtherThan());
  });

  it('that persists makes the source unreachable after the retries', async () => {
    const current = await start();
    current.simulator('convocore-eu').faults.inject({ kind: 'reset' }, { times: Infinity });
    const page = await current.page();
    expect(page.sources.get('convocore-eu')).toMatchObject({ status: 'error', requests: 3, error: { code: 'VENDOR_UNREACHABLE' } });
    expectHealthyComplete(current, page, current.healthyOtherThan('convocore-eu'));
  });
});

describe('a bad body', () => {
  it('cut off mid-way is VENDOR_BAD_RESPONSE (after the retries a cut connection earns)', async () => {
    const current = await start();
    current.simulator('tether').faults.inject({ kind: 'truncate' }, { times: Infinity });
    const page = await current.page();
    expect(page.sources.get('tether')).toMatchObject({ status: 'error', requests: 3, error: { code: 'VENDOR_BAD_RESPONSE' } });
    expectHealthyComplete(current, page, current.healthyOtherThan('tether'));
  });

  it('that is not JSON is VENDOR_BAD_RESPONSE, not retried', async () => {
    const current = await start();
    current.simulator('chatdash').faults.inject({ kind: 'malformed' }, { times: Infinity });
    const page = await current.page();
    expect(page.sources.get('chatdash')).toMatchObject({ status: 'error', requests: 1, error: { code: 'VENDOR_BAD_RESPONSE' } });
    expect(page.sources.get('chatdash')!.error!.message).toContain('not JSON');
    expectHealthyComplete(current, page, current.healthyOtherThan('chatdash'));
  });

  it('larger than maxResponseBytes is VENDOR_BAD_RESPONSE, not retried', async () => {
    const current = await start((config) => (config.limits.maxResponseBytes = 256 * 1024));
    current.simulator('elevenlabs').faults.inject({ kind: 'oversize', bytes: 300 * 1024 }, { times: Infinity });
    const page = await current.page();
    expect(page.sources.get('elevenlabs')).toMatchObject({ status: 'error', requests: 1, error: { code: 'VENDOR_BAD_RESPONSE' } });
    expect(page.sources.get('elevenlabs')!.error!.message).toContain(String(256 * 1024));
    expectHealthyComplete(current, page, current.healthyOtherThan('elevenlabs'));
  });
});

describe('records with missing ids', () => {
  it('are skipped and reported on their source; every other row arrives', async () => {
    const current = await start();
    const dropped = new Set<string>();
    current.simulator('convocore-eu').faults.inject(
      {
        kind: 'transform',
        transform: (body) => {
          const records = (body as { data: Record<string, unknown>[] }).data;
          records.forEach((record, index) => {
            if (index % 7 !== 3) return;
            dropped.add(`convocore-eu:${String(record['ID'])}`);
            delete record['ID'];
          });
          return body;
        },
      },
      { times: Infinity },
    );
    const page = await current.page();
    expect(dropped.size).toBeGreaterThan(0);
    const convocore = page.sources.get('convocore-eu')!;
    expect(convocore).toMatchObject({ status: 'ok', error: { code: 'VENDOR_BAD_RESPONSE' } });
    expect(convocore.skipped).toBe(dropped.size);
    expect(page.body.data.partial).toBe(true);
    const expected = current.cleanIds(current.healthyOtherThan(), 1_000).filter((id) => !dropped.has(id)).slice(0, 100);
    expect(page.body.data.rows.map((row) => row.id)).toEqual(expected);
    for (const name of current.healthyOtherThan('convocore-eu')) expect(page.sources.get(name), name).toMatchObject({ status: 'ok' });
    expect(page.sources.get('tether')!.error).toBeUndefined();
  });
});
