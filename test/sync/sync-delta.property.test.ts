import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/contract/index.js';
import { compareKeys, keyOfRow } from '../../src/merge/row-key.js';
import { CLOCK_SKEW_ALLOWANCE_MS } from '../../src/sync/walk-sync.js';
import { memoryDeps, memoryExport, memoryPageWalk } from '../support/memory-export.js';
import { memoryAgent, memoryClient, MemoryVendor, type MemoryKind, type MemoryRecord } from '../support/memory-vendors.js';
import { duplicates } from '../support/walk.js';

const MINUTE = 60_000;
const BASE = Date.UTC(2026, 0, 1);
const ORDER_LAG_MS = 3 * MINUTE;
const KINDS: MemoryKind[] = ['page', 'page-short-ends', 'page-with-totals', 'cursor-lag', 'window'];

const vendorArbitrary = fc.record({
  kind: fc.constantFrom(...KINDS),
  pageSize: fc.integer({ min: 1, max: 7 }),
  changeLagSeconds: fc.constantFrom(0, 60, 300, 900),
  ages: fc.array(fc.integer({ min: 0, max: 90 }), { maxLength: 25 }),
});

/** A change: a new row or a touched one, whose last activity lies anywhere the contract allows. */
const changeArbitrary = fc.record({
  vendor: fc.nat(),
  insert: fc.boolean(),
  pick: fc.nat(),
  /** Where in [now - (lag + skew), now + skew] its last activity lands. */
  place: fc.double({ min: 0, max: 1, noNaN: true }),
  nativeBehind: fc.double({ min: 0, max: 1, noNaN: true }),
});

type Change = typeof changeArbitrary extends fc.Arbitrary<infer T> ? T : never;
type VendorSpec = typeof vendorArbitrary extends fc.Arbitrary<infer T> ? T : never;

const roundArbitrary = fc.record({
  via: fc.constantFrom('page', 'export'),
  limit: fc.integer({ min: 1, max: 9 }),
  advanceMinutes: fc.integer({ min: 0, max: 40 }),
  after: fc.array(changeArbitrary, { maxLength: 8 }),
  /** Page walks only: changes between its pages (they may or may not be in this walk; they must be in the next). */
  during: fc.array(changeArbitrary, { maxLength: 3 }),
});

class World {
  clock = BASE + 2 * 60 * MINUTE;
  private nextTie = 1_000_000;
  private nextId = 0;
  constructor(readonly vendors: MemoryVendor[]) {}

  /** Applies a change on the clock's "now"; returns the row id it changed. */
  change(change: Change): string {
    const vendor = this.vendors[change.vendor % this.vendors.length]!;
    const lagMs = (vendor.adapter.changeLagSeconds ?? 0) * 1000;
    const low = this.clock - lagMs - CLOCK_SKEW_ALLOWANCE_MS;
    const high = this.clock + CLOCK_SKEW_ALLOWANCE_MS;
    const existing = vendor.records.length > 0 && !change.insert ? vendor.records[change.pick % vendor.records.length]! : undefined;
    // Last activity only ever moves forward: a touch lands at least just after the old value.
    const t = Math.max(Math.round(low + change.place * (high - low)), (existing?.t ?? Number.NEGATIVE_INFINITY) + 1);
    const n = vendor.kind === 'cursor-lag' ? t - Math.round(change.nativeBehind * ORDER_LAG_MS) : t;
    if (existing) {
      existing.t = t;
      existing.n = n;
      return `${vendor.name}:${existing.id}`;
    }
    const record: MemoryRecord = { id: `new${(this.nextId += 1)}`, t, n, tie: (this.nextTie += 1) };
    vendor.records.push(record);
    return `${vendor.name}:${record.id}`;
  }

  /** Every row a delta from `watermark` must hold, in order: last activity within each source's margin. */
  expectedDelta(watermark: number): string[] {
    return this.vendors
      .flatMap((vendor) => {
        const floor = watermark - (vendor.adapter.changeLagSeconds ?? 0) * 1000 - CLOCK_SKEW_ALLOWANCE_MS;
        return vendor.records.filter((record) => record.t !== null && record.t >= floor).map((record) => ({ t: record.t, id: `${vendor.name}:${record.id}` }));
      })
      .sort(compareKeys)
      .map((key) => key.id);
  }

  everything(): string[] {
    return this.vendors
      .flatMap((vendor) => vendor.records.map((record) => ({ t: record.t, id: `${vendor.name}:${record.id}` })))
      .sort(compareKeys)
      .map((key) => key.id);
  }
}

function buildVendors(specs: VendorSpec[]): MemoryVendor[] {
  return specs.map((spec, index) => {
    const records = spec.ages.map((age, position) => {
      const n = BASE + 60 * MINUTE - age * MINUTE;
      return { id: `r${position}`, n, t: spec.kind === 'cursor-lag' ? n + ((position % 3) * ORDER_LAG_MS) / 3 : n, tie: position };
    });
    const vendor = new MemoryVendor(`v${index}`, spec.kind, spec.pageSize, spec.kind === 'cursor-lag' ? ORDER_LAG_MS : 0, records);
    vendor.adapter.changeLagSeconds = spec.changeLagSeconds;
    return vendor;
  });
}

describe('incremental sync: every change is in the next delta, once', () => {
  it('random inserts and updates across vendors between (and during) walks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(vendorArbitrary, { minLength: 1, maxLength: 4 }), fc.array(roundArbitrary, { minLength: 2, maxLength: 4 }), async (specs, rounds) => {
        const world = new World(buildVendors(specs));
        const deps = memoryDeps(memoryClient(world.vendors), () => world.clock);
        const agent = memoryAgent(world.vendors);
        let token: string | undefined;
        let previousStart: number | undefined;
        let changed = new Set<string>();
        for (const round of rounds) {
          const start = world.clock;
          const changedDuring = new Set<string>();
          const during = [...round.during];
          const walk: { rows: Row[]; syncToken: string | undefined } =
            round.via === 'export'
              ? await memoryExport(deps, agent, { syncToken: token }).then(({ rows, trailer }) => ({ rows, syncToken: trailer.syncToken }))
              : await memoryPageWalk(deps, agent, round.limit, { syncToken: token }, () => {
                  world.clock += 1_000;
                  const change = during.shift();
                  if (change) changedDuring.add(world.change(change));
                });
          const ids = walk.rows.map((row) => row.id);
          expect(duplicates(ids)).toEqual([]);
          expect(walk.syncToken).toEqual(expect.any(String));
          // A row changed again during this walk may move in front of it; the next delta has it then.
          const missed = [...changed].filter((id) => !ids.includes(id) && !changedDuring.has(id));
          expect(missed).toEqual([]);
          if (changedDuring.size === 0) expect(ids).toEqual(previousStart === undefined ? world.everything() : world.expectedDelta(previousStart));
          if (previousStart !== undefined) {
            // Unchanged rows repeated: only those inside each source's lag-plus-skew margin.
            for (const row of walk.rows) {
              const vendor = world.vendors.find((candidate) => candidate.name === row.source)!;
              const floor = previousStart - (vendor.adapter.changeLagSeconds ?? 0) * 1000 - CLOCK_SKEW_ALLOWANCE_MS;
              expect(keyOfRow(row).t).toBeGreaterThanOrEqual(floor);
            }
          }
          token = walk.syncToken;
          previousStart = start;
          changed = changedDuring;
          world.clock += round.advanceMinutes * MINUTE + 1;
          for (const change of round.after) changed.add(world.change(change));
        }
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
