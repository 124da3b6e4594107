import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/contract/index.js';
import { expectExactPaging } from '../support/exact-paging.js';
import { exportNdjson } from '../support/export-client.js';
import { expectedIds } from '../support/expected-memory-rows.js';
import { startMemoryApp, MEMORY_AGENT } from '../support/memory-app.js';
import { LAG_MS, MINUTE, BASE, recordsOf, type VendorSpec } from '../support/memory-pool.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';
import { vendorArbitrary } from '../support/vendor-arbitraries.js';
import { changeArbitrary, changesDueAt, changingWorld } from '../support/vendor-changes.js';
import { walkAll, type Walk } from '../support/walk.js';

/**
 * `duplicates=link` and `hide` over in-memory vendors bound to one agent: two vendors of
 * originals and one that imports copies of some of their conversations (at slightly
 * different times, on another channel at times, some of conversations it cannot find),
 * every pagination kind, failing vendors, filters and page sizes, judged by an oracle of
 * the rule: a copy is left out exactly when its original is read by the walk, exists, maps,
 * and passes the filters; every other row comes once, in the gateway order, and each row
 * links exactly the rows of the same conversation the vendors confirm.
 */

const CHANNELS = ['voice', 'sms'] as const;
const ORIGINALS = ['orig-a', 'orig-b'];

const copyArbitrary = fc.record({
  of: fc.nat(),
  shiftMinutes: fc.integer({ min: -2, max: 2 }),
  channel: fc.nat({ max: 1 }),
  dangling: fc.integer({ min: 0, max: 5 }).map((roll) => roll === 0),
});

type CopySpec = typeof copyArbitrary extends fc.Arbitrary<infer C> ? C : never;

const runArbitraries = (faults: boolean) =>
  [
    fc.tuple(vendorArbitrary({ faults }), vendorArbitrary({ faults }), vendorArbitrary({ faults })),
    fc.array(fc.nat({ max: 1 }), { minLength: 40, maxLength: 40 }),
    fc.uniqueArray(copyArbitrary, { maxLength: 16, selector: (copy) => copy.of }),
    fc.integer({ min: 1, max: 7 }),
    fc.constantFrom(undefined, 'voice', 'sms'),
    fc.constantFrom('link', 'hide'),
  ] as const;

interface World {
  originals: MemoryVendor[];
  copier: MemoryVendor;
  vendors: MemoryVendor[];
}

function vendorOf(name: string, spec: VendorSpec, prefix: string, channels: number[], importsFrom?: string[]): MemoryVendor {
  const size = spec.kind === 'window' ? 1 : spec.pageSize;
  const vendor = new MemoryVendor(name, spec.kind, size, spec.kind === 'cursor-lag' ? LAG_MS : 0, [], importsFrom);
  vendor.reset(recordsOf(spec).map((record, index) => ({ ...record, id: `${prefix}${index}`, channel: CHANNELS[channels[index % channels.length]!]! })));
  vendor.failing = spec.failing;
  return vendor;
}

/** The copier's copies: one per original picked, its time shifted by minutes, or of a conversation no vendor has. */
function copiesOf(originals: MemoryVendor[], copier: MemoryVendor, copies: CopySpec[]): MemoryRecord[] {
  const pool = originals.flatMap((vendor) => vendor.records);
  const copied = new Set<string>();
  return copies.flatMap((copy, index) => {
    const original = pool[copy.of % Math.max(1, pool.length)];
    if (!original && !copy.dangling) return [];
    // One copy of a conversation, as an importer keeps it.
    if (original && !copy.dangling && copied.has(original.id)) return [];
    if (original) copied.add(original.id);
    const t = original?.t == null ? null : original.t + copy.shiftMinutes * MINUTE;
    const n = t ?? (copier.kind === 'time-window' ? BASE - MINUTE : null);
    return [{ id: `c${index}`, t, n, tie: 5_000 + index, channel: CHANNELS[copy.channel]!, originalId: copy.dangling || !original ? `gone${index}` : original.id }];
  });
}

function worldOf(specs: readonly [VendorSpec, VendorSpec, VendorSpec], channels: number[], copies: CopySpec[]): World {
  const originals = ORIGINALS.map((name, index) => vendorOf(name, { ...specs[index]!, loopsBack: false }, `${name.slice(-1)}`, channels));
  const copier = vendorOf('copier', { ...specs[2], loopsBack: false }, 'r', channels.slice(7), ORIGINALS);
  copier.records.push(...copiesOf(originals, copier, copies));
  return { originals, copier, vendors: [...originals, copier] };
}

/** The original a copy names, where a walk could read it and the vendor answers for it. */
function originalOf(world: World, copy: MemoryRecord): { vendor: MemoryVendor; record: MemoryRecord } | undefined {
  for (const vendor of world.originals) {
    const record = vendor.records.find((candidate) => candidate.id === copy.originalId);
    if (record && !vendor.failing && !record.unmappable) return { vendor, record };
  }
  return undefined;
}

const passes = (channel: string | undefined, record: MemoryRecord) => channel === undefined || record.channel === channel;

/** The copies the rule leaves out: their original exists, maps, and passes the filter. */
function hiddenIds(world: World, channel: string | undefined, mode: string): Set<string> {
  if (mode !== 'hide') return new Set();
  return new Set(
    world.copier.records
      .filter((record) => record.originalId !== undefined)
      .filter((record) => {
        const original = originalOf(world, record);
        return original !== undefined && passes(channel, original.record);
      })
      .map((record) => `copier:${record.id}`),
  );
}

/** What a row links, as the vendors would confirm it. */
function expectedLinks(world: World, row: Row): string[] {
  if (row.source === 'copier') {
    const copy = world.copier.records.find((record) => record.id === row.conversationId)!;
    const original = copy.originalId === undefined ? undefined : originalOf(world, copy);
    return original ? [`${original.vendor.name}:${original.record.id}`] : [];
  }
  if (world.copier.failing) return [];
  const copy = world.copier.records.find((record) => record.originalId === row.conversationId && !record.unmappable);
  return copy ? [`copier:${copy.id}`] : [];
}

async function walkOf(world: World, query: Record<string, string>, between?: (page: number) => Promise<void>, app?: Awaited<ReturnType<typeof startMemoryApp>>) {
  const memory = app ?? (await startMemoryApp(world.vendors));
  try {
    return await walkAll(memory.app, memory.token, MEMORY_AGENT, query, between && (async (page) => {
      await memory.settle();
      await between(page);
    }));
  } finally {
    if (!app) await memory.close();
  }
}

/** The hidden copies a whole walk meets: those its filter and the copier's list let through. */
function metHidden(world: World, hidden: Set<string>, channel: string | undefined): number {
  const met = new Set(expectedIds(world.vendors, {}, (vendor, id) => passes(channel, vendor.records.find((record) => record.id === id)!)));
  return [...hidden].filter((id) => met.has(id)).length;
}

function queryOf(limit: number, channel: string | undefined, mode: string): Record<string, string> {
  return { limit: String(limit), duplicates: mode, ...(channel ? { channel } : {}) };
}

describe('duplicates=link and hide over memory vendors (property)', () => {
  it('leaves out exactly the copies whose original is among the rows, sends every other row once in order, and links what the vendors confirm', async () => {
    await fc.assert(
      fc.asyncProperty(...runArbitraries(true), async (specs, channels, copies, limit, channel, mode) => {
        const world = worldOf(specs, channels, copies);
        // Every source failing is the list's 502, links or not (test/routes covers it).
        fc.pre(!world.vendors.every((vendor) => vendor.failing));
        const hidden = hiddenIds(world, channel, mode);
        const walk: Walk = await walkOf(world, queryOf(limit, channel, mode));
        const expected = expectedIds(world.vendors, {}, (vendor, id) => passes(channel, vendor.records.find((record) => record.id === id)!) && !hidden.has(`${vendor.name}:${id}`));
        expect(walk.rows.map((row) => row.id)).toEqual(expected);
        expectExactPaging(walk.pages.map((page) => ({ rows: page.rows, hasMore: page.pagination.hasMore })), limit);
        for (const row of walk.rows) expect(row.linkedIds, row.id).toEqual(expectedLinks(world, row));
        const reported = walk.pages.reduce((sum, page) => sum + ((page as { links?: { hidden: number } }).links?.hidden ?? 0), 0);
        expect(reported, 'copies reported left out').toBe(metHidden(world, hidden, channel));
      }),
      { numRuns: Number(process.env.RUNS ?? 60), endOnFailure: process.env.RUNS !== undefined },
    );
  }, 240_000);

  it('an export cut by its vendor calls and resumed with its cursor writes exactly the rows of the page walk, links and all', async () => {
    await fc.assert(
      fc.asyncProperty(...runArbitraries(true), fc.integer({ min: 24, max: 80 }), async (specs, channels, copies, _limit, channel, mode, calls) => {
        const world = worldOf(specs, channels, copies);
        fc.pre(!world.vendors.every((vendor) => vendor.failing));
        const hidden = hiddenIds(world, channel, mode);
        const memory = await startMemoryApp(world.vendors, { maxVendorCallsPerExport: calls });
        try {
          const rows: Row[] = [];
          let hiddenReported = 0;
          let cursor: string | undefined;
          for (let part = 0; ; part += 1) {
            expect(part, 'the export ends').toBeLessThan(500);
            const { status, rows: written, trailer } = await exportNdjson(memory.app, memory.token, MEMORY_AGENT, { duplicates: mode, ...(channel ? { channel } : {}), ...(cursor ? { cursor } : {}) });
            expect(status).toBe(200);
            // Enough calls to open the walk again (two pages a source and four read ahead) and look up a row's links: every part moves on.
            if (!trailer!.complete && trailer!.cut?.reason !== 'source-failed') expect(written.length, `part ${part} moved on`).toBeGreaterThan(0);
            rows.push(...written);
            hiddenReported += trailer!.links?.hidden ?? 0;
            // A failing source ends an export (resuming would meet it again): what was written is a prefix.
            if (trailer!.complete || trailer!.cut?.reason === 'source-failed') break;
            cursor = trailer!.cursor!;
          }
          const expected = expectedIds(world.vendors, {}, (vendor, id) => passes(channel, vendor.records.find((record) => record.id === id)!) && !hidden.has(`${vendor.name}:${id}`));
          const ids = rows.map((row) => row.id);
          expect(ids).toEqual(world.vendors.some((vendor) => vendor.failing) ? expected.slice(0, ids.length) : expected);
          for (const row of rows) expect(row.linkedIds, row.id).toEqual(expectedLinks(world, row));
          if (!world.vendors.some((vendor) => vendor.failing)) expect(hiddenReported, 'copies reported left out').toBe(metHidden(world, hidden, channel));
        } finally {
          await memory.close();
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 30), endOnFailure: process.env.RUNS !== undefined },
    );
  }, 240_000);

  it('keeps every row that stood still (and whose original did) once and in order, and never sends a copy folded into an original that stood still, under changes along the walk', async () => {
    await fc.assert(
      fc.asyncProperty(...runArbitraries(false), fc.array(changeArbitrary, { minLength: 1, maxLength: 6 }), async (specs, channels, copies, limit, channel, mode, changes) => {
        const still = await walkOf(worldOf(specs, channels, copies), queryOf(limit, channel, mode));
        fc.pre(still.pages.length > 1);
        const world = worldOf(specs, channels, copies);
        const changing = changingWorld(world.vendors);
        const memory = await startMemoryApp(world.vendors);
        const walk = await walkOf(world, queryOf(limit, channel, mode), async (page) => {
          for (const change of changesDueAt(changes, page, still.pages.length)) changing.apply(change);
        }, memory).finally(() => memory.close());
        const ids = walk.rows.map((row) => row.id);
        expect(new Set(ids).size, 'no row twice').toBe(ids.length);
        const moved = (vendor: MemoryVendor, id: string) => id.startsWith('new') || changing.changed.has(`${vendor.name}:${id}`);
        // A copy whose original moved or went (deleted along the walk) may be met either way.
        const partnerMoved = (vendor: MemoryVendor, id: string) => {
          const originalId = vendor === world.copier ? vendor.records.find((candidate) => candidate.id === id)!.originalId : undefined;
          return originalId !== undefined && world.originals.some((original) => moved(original, originalId));
        };
        const hidden = hiddenIds(world, channel, mode);
        const stoodStill = expectedIds(world.vendors, {}, (vendor, id) => {
          const record = vendor.records.find((candidate) => candidate.id === id)!;
          return passes(channel, record) && !hidden.has(`${vendor.name}:${id}`) && !moved(vendor, id) && !partnerMoved(vendor, id);
        });
        const stoodStillSet = new Set(stoodStill);
        expect(ids.filter((id) => stoodStillSet.has(id))).toEqual(stoodStill);
        const foldedStill = [...hidden].filter((id) => {
          const copy = world.copier.records.find((record) => `copier:${record.id}` === id)!;
          return !moved(world.copier, copy.id) && !partnerMoved(world.copier, copy.id);
        });
        for (const id of foldedStill) expect(ids, `${id} is folded into its original`).not.toContain(id);
      }),
      { numRuns: Number(process.env.RUNS ?? 40), endOnFailure: process.env.RUNS !== undefined },
    );
  }, 240_000);
});
