import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { getCounts } from '../support/counts.js';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';
import { until } from '../support/redis.js';

/**
 * A count walks every source to its end, so each of its bounds is tested where it bites:
 * its own vendor calls, the deadline, the caller's rate limit, the caller leaving, a
 * failing vendor; and what it keeps, who may ask, and what it refuses to read.
 */

const NEWEST = Date.UTC(2026, 0, 1);
let opened: MemoryApp[] = [];
afterEach(async () => {
  for (const memory of opened) await memory.close();
  opened = [];
});

async function app(vendors: MemoryVendor[], ...settings: Parameters<typeof startMemoryApp> extends [unknown, ...infer Rest] ? Rest : never): Promise<MemoryApp> {
  const memory = await startMemoryApp(vendors, ...settings);
  opened.push(memory);
  return memory;
}

function endlessVendors(count: number): MemoryVendor[] {
  return Array.from({ length: count }, (_, index) => {
    const vendor = new MemoryVendor(`endless-${index}`, 'page', 50, 0, []);
    vendor.endlessFrom = NEWEST - index;
    return vendor;
  });
}

function finiteVendor(name: string, rows: number, pageSize = 10): MemoryVendor {
  const records: MemoryRecord[] = Array.from({ length: rows }, (_, index) => ({
    id: `r${index}`,
    n: NEWEST - index * 1_000,
    t: NEWEST - index * 1_000,
    tie: index,
    state: index % 2 === 0 ? 'resolved' : 'human',
  }));
  return new MemoryVendor(name, 'page-with-totals', pageSize, 0, records);
}

const calls = (vendors: MemoryVendor[]) => vendors.reduce((sum, vendor) => sum + vendor.requests, 0);

describe('the vendor-call budget of a count', () => {
  it('stops it at limits.maxVendorCallsPerCount: partial because of calls, each source a lower bound that says CALL_CAP_REACHED', async () => {
    const vendors = [finiteVendor('big-a', 500), finiteVendor('big-b', 500)];
    const memory = await app(vendors, { maxVendorCallsPerCount: 6 });
    const { status, body } = await getCounts(memory.app, memory.token, MEMORY_AGENT);
    expect(status).toBe(200);
    await memory.settle();
    expect(calls(vendors)).toBeLessThanOrEqual(6);
    const counts = body.data;
    expect(counts).toMatchObject({ partial: true, partialBecause: ['calls'], cached: false });
    expect(counts.total).toBeGreaterThan(0);
    expect(counts.total).toBeLessThan(1_000);
    for (const source of counts.sources) {
      expect(source).toMatchObject({ complete: false, error: { code: 'CALL_CAP_REACHED' } });
      expect(source.error!.message).toMatch(/limits\.maxVendorCallsPerCount/);
      expect(counts.bySource[source.source]).toBeLessThanOrEqual(source.requests * 10);
    }
  });

  it('a count that fits its budget is complete', async () => {
    const vendors = [finiteVendor('small-a', 35), finiteVendor('small-b', 12)];
    const memory = await app(vendors);
    const { body } = await getCounts(memory.app, memory.token, MEMORY_AGENT, { state: 'human' });
    expect(body.data).toMatchObject({
      total: 17 + 6,
      bySource: { 'small-a': 17, 'small-b': 6 },
      partial: false,
      partialBecause: [],
    });
    expect(body.data.byState).toMatchObject({ human: 23, resolved: 24, autopilot: 0 });
    expect(body.data.sources.every((source) => source.complete && source.status === 'ok')).toBe(true);
  });

  it('each unit of vendor calls is charged to the caller as they are made', async () => {
    const vendors = [finiteVendor('charged', 200)];
    const limited = await app(vendors, { maxVendorCallsPerCount: 8, vendorCallsPerRateLimitUnit: 1 }, { rateLimit: { enabled: true, max: 100, timeWindowMs: 60_000 } });
    const { body } = await getCounts(limited.app, limited.token, MEMORY_AGENT);
    await limited.settle();
    const made = vendors[0]!.requests;
    expect(made).toBe(8);
    expect(body.data.partialBecause).toEqual(['calls']);
    const next = await limited.app.inject({ url: '/v1/agents', headers: { authorization: `Bearer ${limited.token}` } });
    expect(Number(next.headers['x-ratelimit-remaining'])).toBe(100 - 1 - made - 1);
  });
});

describe('the deadline of a count', () => {
  it('ends a count of vendors whose pages never end within limits.requestDeadlineMs: partial because of the deadline, never a 500', async () => {
    const vendors = endlessVendors(2);
    const memory = await app(vendors, { requestDeadlineMs: 300 });
    const { status, body } = await getCounts(memory.app, memory.token, MEMORY_AGENT, { channel: 'sms' });
    expect(status).toBe(200);
    expect(body.data.partial).toBe(true);
    expect(body.data.partialBecause).toContain('deadline');
    expect(body.data.total).toBe(0);
    expect(body.data.sources.every((source) => !source.complete)).toBe(true);
  });
});

describe('a caller that leaves', () => {
  it('stops the count: its reads end with it', async () => {
    const vendors = endlessVendors(3);
    const memory = await app(vendors);
    await memory.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(memory.app.server.address() as { port: number }).port}`;
    const leave = new AbortController();
    const answer = request(`${url}/v1/agents/${MEMORY_AGENT}/conversations/counts?channel=sms`, { headers: { authorization: `Bearer ${memory.token}` }, signal: leave.signal });
    answer.catch(() => undefined);
    await until(() => calls(vendors) >= 30, 20_000, '30 vendor calls');
    const atLeave = calls(vendors);
    leave.abort();
    await until(async () => (await countsServed(memory, 'partial')) === 1, 20_000, 'the count to end');
    await memory.settle();
    // At most the reads each source had in flight (its read-ahead window) when the caller left.
    expect(calls(vendors) - atLeave).toBeLessThanOrEqual(vendors.length * 4);
  });
});

describe('a failing vendor', () => {
  it('leaves the others counted: partial because of the source, which says how it failed', async () => {
    const healthy = finiteVendor('healthy', 25);
    const failing = finiteVendor('failing', 25);
    failing.failing = true;
    const memory = await app([healthy, failing]);
    const { status, body } = await getCounts(memory.app, memory.token, MEMORY_AGENT);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ total: 25, bySource: { healthy: 25, failing: 0 }, partial: true, partialBecause: ['source'] });
    expect(body.data.sources.find((source) => source.source === 'failing')).toMatchObject({ complete: false, status: 'error', error: { code: 'VENDOR_HTTP_ERROR' } });
  });

  it('every source failing is a 502 ALL_SOURCES_FAILED, as the list', async () => {
    const failing = finiteVendor('down', 5);
    failing.failing = true;
    const memory = await app([failing]);
    const { status, body } = await getCounts(memory.app, memory.token, MEMORY_AGENT);
    expect(status).toBe(502);
    expect(body).toMatchObject({ success: false, error: 'ALL_SOURCES_FAILED' });
  });
});

async function countsServed(memory: MemoryApp, outcome: string): Promise<number> {
  const metric = await memory.app.gateway.client.metrics.registry.getSingleMetric('gateway_counts_total')!.get();
  return metric.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
}
