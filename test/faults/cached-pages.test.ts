import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/config/gateway-config.js';
import { startFaultWorld, watchUnhandledRejections, type FaultWorld } from './fault-world.js';

const rejections = watchUnhandledRejections();
let world: FaultWorld | undefined;

async function start(cacheTtlMs: number, adjust?: (config: GatewayConfig) => void): Promise<FaultWorld> {
  world = await startFaultWorld((config) => {
    for (const connection of Object.values(config.connections)) connection.cacheTtlMs = cacheTtlMs;
    adjust?.(config);
  });
  return world;
}
/** Vendor calls each of the agent's sources answered. */
function callsPerSource(current: FaultWorld): Record<string, number> {
  const counts = current.requestCounts();
  return Object.fromEntries(current.sources.map((name) => [name, counts[name]]));
}

afterEach(async () => {
  await world?.close();
  world = undefined;
});
afterAll(() => {
  rejections.stop();
  expect(rejections.list).toEqual([]);
});

describe('identical concurrent requests', () => {
  it('cost one vendor call per vendor page, however many callers ask', async () => {
    const current = await start(2_000);
    for (const simulator of current.world.simulators.values()) simulator.faults.inject({ kind: 'delay', ms: 150 }, { times: 1 });
    const pages = await Promise.all(Array.from({ length: 10 }, () => current.page()));
    expect(pages.map((page) => page.status)).toEqual(Array(10).fill(200));
    expect(callsPerSource(current)).toEqual(Object.fromEntries(current.sources.map((name) => [name, 1])));
    const ids = pages[0]!.body.data.rows.map((row) => row.id);
    expect(ids).toEqual(current.cleanIds(current.sources));
    for (const page of pages) expect(page.body.data.rows.map((row) => row.id)).toEqual(ids);
    for (const name of current.sources) {
      const entries = pages.map((page) => page.sources.get(name)!);
      expect(entries.reduce((sum, entry) => sum + entry.requests, 0), name).toBe(1);
      expect(entries.filter((entry) => entry.cached), name).toHaveLength(9);
      expect(entries.every((entry) => entry.status === 'ok' && !entry.stale)).toBe(true);
    }
    const metrics = (await current.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/gateway_vendor_cache_events_total\{connection="tether",event="coalesced"\} 9/);
  });

  it('with cacheTtlMs 0 are still coalesced, and the next request calls the vendor again', async () => {
    const current = await start(0);
    current.simulator('chatdash').faults.inject({ kind: 'delay', ms: 150 }, { times: 1 });
    await Promise.all(Array.from({ length: 5 }, () => current.page({ sources: 'chatdash' })));
    expect(current.simulator('chatdash').requests).toHaveLength(1);
    const again = await current.page({ sources: 'chatdash' });
    expect(again.sources.get('chatdash')).toMatchObject({ requests: 1, cached: false });
    expect(current.simulator('chatdash').requests).toHaveLength(2);
  });
});

describe('a cached page', () => {
  it('is served within its TTL without a vendor call, and says so', async () => {
    const current = await start(5_000);
    const first = await current.page();
    const second = await current.page();
    for (const name of current.sources) {
      expect(first.sources.get(name)).toMatchObject({ cached: false, requests: 1 });
      expect(second.sources.get(name)).toMatchObject({ status: 'ok', cached: true, stale: false, requests: 0, fetchedAt: first.sources.get(name)!.fetchedAt });
    }
    expect(second.body.data.partial).toBe(false);
    expect(callsPerSource(current)).toEqual(Object.fromEntries(current.sources.map((name) => [name, 1])));
  });

  it('past its TTL is served stale when the vendor fails, and the page is partial', async () => {
    const current = await start(200);
    const first = await current.page();
    await sleep(300);
    current.simulator('chatdash').faults.inject({ kind: 'status', status: 500 }, { times: Infinity });
    const page = await current.page();
    expect(page.status).toBe(200);
    expect(page.sources.get('chatdash')).toMatchObject({
      status: 'ok',
      cached: true,
      stale: true,
      requests: 1,
      fetchedAt: first.sources.get('chatdash')!.fetchedAt,
      error: { code: 'VENDOR_HTTP_ERROR' },
    });
    expect(page.body.data.partial).toBe(true);
    expect(page.body.data.rows.map((row) => row.id)).toEqual(first.body.data.rows.map((row) => row.id));
    expect((await current.page({ strict: 'true' })).status).toBe(502);
  });

  it('is not served stale after a 401: revoked access shows at once', async () => {
    const current = await start(200);
    await current.page();
    await sleep(300);
    current.simulator('tether').faults.inject({ kind: 'status', status: 401 }, { times: Infinity });
    const page = await current.page();
    expect(page.sources.get('tether')).toMatchObject({ status: 'error', stale: false, error: { code: 'VENDOR_UNAUTHORIZED' } });
  });
});
