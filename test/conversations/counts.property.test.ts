import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_TYPES, CONVERSATION_STATES, msToIso, type Row } from '../../src/contract/index.js';
import { getCounts } from '../support/counts.js';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { BASE, MAX_VENDORS, memoryPool, MINUTE, vendorsFor, type VendorSpec } from '../support/memory-pool.js';
import type { MemoryVendor } from '../support/memory-vendors.js';
import { faultyWalkArbitraries, vendorArbitrary } from '../support/vendor-arbitraries.js';
import { walkAll } from '../support/walk.js';

/**
 * The counts of a filter against the list itself: over the vendors the merge's property
 * tests draw (every paging and order kind, ties, unmappable records, failing sources,
 * looping cursors), with channels and states spread over the rows and filters on them,
 * every count equals what walking the list page by page gives.
 */

let memory: MemoryApp;
const pool = memoryPool();

beforeAll(async () => {
  memory = await startMemoryApp(pool);
});
afterAll(async () => {
  await memory.close();
});

/** Spreads channels and states over the vendors' records, from a drawn seed. */
function spread(vendors: MemoryVendor[], seed: number): void {
  for (const vendor of vendors) {
    for (const record of vendor.records) {
      record.channel = CHANNEL_TYPES[(record.tie + seed) % 3]!;
      record.state = CONVERSATION_STATES[(record.tie * 7 + seed) % 4]!;
    }
  }
}

const listFilterArbitrary = fc.record(
  {
    channel: fc.subarray(CHANNEL_TYPES.slice(0, 4), { minLength: 1 }),
    state: fc.subarray(CONVERSATION_STATES.slice(0, 5), { minLength: 1 }),
  },
  { requiredKeys: [] },
);

function countBy(rows: Row[], field: 'channelType' | 'conversationState' | 'source'): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row[field]] = (counts[row[field]] ?? 0) + 1;
  return counts;
}

/** The counts' per-value map, without the zeros. */
function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));
}

describe('counts of a filter (property)', () => {
  it("equal the list's full walk: total and per source for the filter, per state without the state filter, per channel without the channel filter", async () => {
    await fc.assert(
      fc.asyncProperty(...faultyWalkArbitraries, listFilterArbitrary, fc.nat(20), async (specs: VendorSpec[], limit, time, listFilter, seed) => {
        const vendors = vendorsFor(pool, specs);
        spread(vendors, seed);
        const query: Record<string, string> = { sources: vendors.map((vendor) => vendor.name).join(',') };
        if (time.since !== undefined) query.since = msToIso(BASE + time.since * MINUTE)!;
        if (time.until !== undefined) query.until = msToIso(BASE + time.until * MINUTE)!;
        if (listFilter.channel) query.channel = listFilter.channel.join(',');
        if (listFilter.state) query.state = listFilter.state.join(',');

        const { status, body } = await getCounts(memory.app, memory.token, MEMORY_AGENT, query);
        if (vendors.every((vendor) => vendor.failing)) {
          expect(status).toBe(502);
          expect(body.error).toBe('ALL_SOURCES_FAILED');
          return;
        }
        expect(status, JSON.stringify(body)).toBe(200);
        const counts = body.data;
        expect(counts.cached).toBe(false);
        const { state: _state, ...withoutState } = query;
        const { channel: _channel, ...withoutChannel } = query;
        const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { ...query, limit: String(limit) });
        const anyState = await walkAll(memory.app, memory.token, MEMORY_AGENT, { ...withoutState, limit: '100' });
        const anyChannel = await walkAll(memory.app, memory.token, MEMORY_AGENT, { ...withoutChannel, limit: '100' });

        expect(counts.total).toBe(walk.rows.length);
        expect(counts.bySource).toEqual(Object.fromEntries(vendors.map((vendor) => [vendor.name, walk.rows.filter((row) => row.source === vendor.name).length])));
        expect(nonZero(counts.byState)).toEqual(countBy(anyState.rows, 'conversationState'));
        expect(nonZero(counts.byChannel)).toEqual(countBy(anyChannel.rows, 'channelType'));
        // Partial exactly when some source failed or sent what the gateway could not use, as the list says.
        expect(counts.partial).toBe(walk.pages.some((page) => page.partial));
        expect(counts.partialBecause).toEqual(counts.partial ? ['source'] : []);
        for (const vendor of vendors) {
          const report = counts.sources.find((source) => source.source === vendor.name)!;
          const repeated = /repeated a page/.test(report.error?.message ?? '');
          expect(report.complete, vendor.name).toBe(!vendor.failing && !repeated);
          if (repeated) expect(vendor.loopsBack).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  }, 240_000);

  it('under any vendor-call budget: at most that many calls, every count a lower bound, exact unless partial', async () => {
    const limits = memory.app.gateway.config.limits;
    const unbounded = limits.maxVendorCallsPerCount;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(vendorArbitrary({ faults: false }), { minLength: 1, maxLength: MAX_VENDORS }), fc.integer({ min: 1, max: 12 }), fc.nat(20), async (specs: VendorSpec[], budget, seed) => {
          const vendors = vendorsFor(pool, specs);
          spread(vendors, seed);
          const query = { sources: vendors.map((vendor) => vendor.name).join(','), state: 'autopilot,human' };
          limits.maxVendorCallsPerCount = unbounded;
          const full = (await getCounts(memory.app, memory.token, MEMORY_AGENT, query)).body.data;
          await memory.settle();
          for (const vendor of vendors) vendor.requests = 0;
          limits.maxVendorCallsPerCount = budget;
          const { status, body } = await getCounts(memory.app, memory.token, MEMORY_AGENT, query);
          await memory.settle();
          expect(status).toBe(200);
          const counts = body.data;
          expect(vendors.reduce((sum, vendor) => sum + vendor.requests, 0)).toBeLessThanOrEqual(budget);
          expect(counts.total).toBeLessThanOrEqual(full.total);
          for (const vendor of vendors) expect(counts.bySource[vendor.name]).toBeLessThanOrEqual(full.bySource[vendor.name]!);
          for (const state of CONVERSATION_STATES) expect(counts.byState[state]).toBeLessThanOrEqual(full.byState[state]);
          for (const channel of CHANNEL_TYPES) expect(counts.byChannel[channel]).toBeLessThanOrEqual(full.byChannel[channel]);
          if (counts.partialBecause.includes('calls')) {
            expect(counts.sources.some((source) => !source.complete && source.error?.code === 'CALL_CAP_REACHED')).toBe(true);
          }
          // Unmappable records make a count partial too (`source`), the budget alone cuts it short.
          expect(counts.partialBecause.every((stop) => stop === 'calls' || stop === 'source')).toBe(true);
          const totals = (answer: typeof counts) => ({ ...answer, sources: [], countedAt: '' });
          if (!counts.partialBecause.includes('calls')) expect(totals(counts)).toEqual(totals(full));
        }),
        { numRuns: 120 },
      );
    } finally {
      limits.maxVendorCallsPerCount = unbounded;
    }
  }, 240_000);
});
