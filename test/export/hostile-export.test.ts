import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportTrailer } from '../../src/export/export-trailer.js';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';
import { until } from '../support/redis.js';

/**
 * The export as a hostile caller and hostile vendors drive it, over real HTTP: vendors
 * whose pages never end, a filter that matches nothing, a client that leaves. Each test
 * is named after what an export did before it read vendors through the one engine.
 */

const NEWEST = Date.UTC(2026, 0, 1);
let opened: MemoryApp[] = [];
afterEach(async () => {
  for (const memory of opened) await memory.close();
  opened = [];
});

function endlessVendors(count: number): MemoryVendor[] {
  return Array.from({ length: count }, (_, index) => {
    const vendor = new MemoryVendor(`endless-${index}`, 'page', 50, 0, []);
    vendor.endlessFrom = NEWEST - index;
    return vendor;
  });
}

function finiteVendor(rows: number): MemoryVendor {
  const records: MemoryRecord[] = Array.from({ length: rows }, (_, index) => ({ id: `r${index}`, n: NEWEST - index * 1_000, t: NEWEST - index * 1_000, tie: index }));
  return new MemoryVendor('finite', 'page-with-totals', 100, 0, records);
}

async function listening(vendors: MemoryVendor[], limits: Parameters<typeof startMemoryApp>[1] = {}): Promise<{ memory: MemoryApp; url: string }> {
  const memory = await startMemoryApp(vendors, limits);
  opened.push(memory);
  await memory.app.listen({ host: '127.0.0.1', port: 0 });
  return { memory, url: `http://127.0.0.1:${(memory.app.server.address() as { port: number }).port}` };
}

const calls = (vendors: MemoryVendor[]) => vendors.reduce((sum, vendor) => sum + vendor.requests, 0);

/** Opens an export and leaves once the vendors have had `leaveAfter` calls; answers how many calls they had when it left, and in the end. */
async function leaveMidway(url: string, memory: MemoryApp, vendors: MemoryVendor[], query: string, leaveAfter: number): Promise<{ atLeave: number; after: number }> {
  const leave = new AbortController();
  const response = request(`${url}/v1/agents/${MEMORY_AGENT}/conversations/export?${query}`, { headers: { authorization: `Bearer ${memory.token}` }, signal: leave.signal });
  response.catch(() => undefined);
  await until(() => calls(vendors) >= leaveAfter, 20_000, `${leaveAfter} vendor calls`);
  const atLeave = calls(vendors);
  leave.abort();
  // The gateway has seen the client go once the export's slot is free; then every read it had in flight settles.
  await until(() => memory.app.gateway.exportSlots.open === 0, 20_000, 'the export to end');
  await memory.settle();
  return { atLeave, after: calls(vendors) };
}

describe('an export of a filter that matches nothing, over vendors whose pages never end', () => {
  it('client leaves midway: the reads stop (before: 2,850 more vendor calls in the 3 s after it left)', async () => {
    const vendors = endlessVendors(4);
    const { memory, url } = await listening(vendors);
    const { atLeave, after } = await leaveMidway(url, memory, vendors, 'channel=sms', 40);
    // At most the reads each source had in flight (its read-ahead window) when the client left.
    expect(after - atLeave).toBeLessThanOrEqual(vendors.length * 4);
  });

  it('client stays: the export ends at its vendor-call ceiling with a trailer and a cursor (before: no end after 90 s and 78,384 calls)', async () => {
    const vendors = endlessVendors(4);
    const { memory } = await listening(vendors, { maxVendorCallsPerExport: 120 });
    const response = await memory.app.inject({ url: `/v1/agents/${MEMORY_AGENT}/conversations/export?channel=sms`, headers: { authorization: `Bearer ${memory.token}` } });
    const lines = response.payload.trim().split('\n');
    expect(lines).toHaveLength(1);
    const { trailer } = JSON.parse(lines[0]!) as { trailer: ExportTrailer };
    expect(trailer).toMatchObject({ rows: 0, complete: false, partial: true, cut: { reason: 'calls' }, vendorCalls: 120 });
    expect(calls(vendors)).toBeLessThanOrEqual(120);
    // The cursor resumes where the walk stopped: the next export reads on from there, not from the top.
    const before = calls(vendors);
    const resumed = await memory.app.inject({
      url: `/v1/agents/${MEMORY_AGENT}/conversations/export?channel=sms&cursor=${encodeURIComponent(trailer.cursor!)}`,
      headers: { authorization: `Bearer ${memory.token}` },
    });
    expect(resumed.statusCode).toBe(200);
    expect(vendors.map((vendor) => vendor.requests).reduce((a, b) => a + b) - before).toBeLessThanOrEqual(120);
    expect(Math.min(...vendors.map((vendor) => vendor.requests))).toBeGreaterThan(30);
  });
});

describe('an export of a finite vendor (20,000 rows)', () => {
  it('client leaves after 20 calls: the gateway stops reading (before: it read to the end, 205 calls)', async () => {
    const vendors = [finiteVendor(20_000)];
    const { memory, url } = await listening(vendors);
    const { atLeave, after } = await leaveMidway(url, memory, vendors, '', 20);
    expect(after).toBeLessThan(205);
    expect(after - atLeave).toBeLessThanOrEqual(4);
  });

  it('a cut export resumed from its trailer cursor gives every row once, in order', async () => {
    const vendors = [finiteVendor(1_000)];
    const { memory } = await listening(vendors, { maxVendorCallsPerExport: 4 });
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let part = 0; part < 20; part += 1) {
      const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
      const response = await memory.app.inject({ url: `/v1/agents/${MEMORY_AGENT}/conversations/export${query}`, headers: { authorization: `Bearer ${memory.token}` } });
      const lines = response.payload.trim().split('\n').map((line) => JSON.parse(line) as { id?: string; trailer?: ExportTrailer });
      const trailer = lines.pop()!.trailer!;
      ids.push(...lines.map((line) => line.id!));
      if (trailer.complete) break;
      expect(trailer.cut).toMatchObject({ reason: 'calls' });
      cursor = trailer.cursor;
    }
    expect(ids).toEqual(vendors[0]!.records.map((record) => `finite:${record.id}`));
  });
});

describe('exports open at once', () => {
  it('are bounded per caller and per organization: one more is a 429 with Retry-After (before: 40 at once took 753 MB)', async () => {
    const vendors = endlessVendors(1);
    const { memory, url } = await listening(vendors, { maxConcurrentExportsPerCaller: 2, maxConcurrentExportsPerOrg: 3 });
    const leave = new AbortController();
    const open = (token: string) =>
      request(`${url}/v1/agents/${MEMORY_AGENT}/conversations/export?channel=sms`, { headers: { authorization: `Bearer ${token}` }, signal: leave.signal });
    const tokenOf = (sub: string) => memory.tokenFor({ sub });
    const streaming = [open(memory.token), open(memory.token)];
    streaming.forEach((answer) => answer.catch(() => undefined));
    await until(() => memory.app.gateway.exportSlots.open === 2, 10_000, 'two exports open');
    const third = await open(memory.token);
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    expect(await third.body.json()).toMatchObject({ success: false, error: 'RATE_LIMITED' });
    // Another caller of the org has a slot, until the org's three are taken.
    const other = open(tokenOf('someone-else'));
    other.catch(() => undefined);
    await until(() => memory.app.gateway.exportSlots.open === 3, 10_000, 'three exports open');
    expect((await open(tokenOf('a-third-caller'))).statusCode).toBe(429);
    leave.abort();
    await until(() => memory.app.gateway.exportSlots.open === 0, 10_000, 'every export to end');
  });
});
