import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenClaims } from '../../src/auth/sign-token.js';
import { expectExactPaging } from '../support/exact-paging.js';
import { expectedIds } from '../support/expected-memory-rows.js';
import { startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { KINDS, vendorsFor, type VendorSpec } from '../support/memory-pool.js';
import { MemoryVendor } from '../support/memory-vendors.js';
import { contactFieldsOracle } from '../support/oracle/contact-fields.js';
import { vendorArbitrary } from '../support/vendor-arbitraries.js';
import { changeArbitrary, changesDueAt, changingWorld } from '../support/vendor-changes.js';
import { walkAllAt, type Walk } from '../support/walk.js';

/**
 * The contact search over in-memory vendors bound to agents of two orgs, judged by the
 * oracles: one walk over every source of every agent the caller may read, each source
 * once (slot 1 serves two acme agents, slot 2 an acme and a globex agent), exactly the
 * rows whose phone is the person's however the vendor wrote it, in the gateway order,
 * across pages, under changes mid-walk, and never a row of a source the caller may not read.
 */

const SLOTS = 4;
const SIZES = 3;
const LAG_MS = 3 * 60_000;

/** One vendor per slot, kind and page size 1–3: every vendor a run may pick, built once, emptied before each run. */
const pool: MemoryVendor[] = [];
for (let slot = 0; slot < SLOTS; slot += 1) {
  for (const kind of KINDS) {
    for (let size = 1; size <= (kind === 'window' ? 1 : SIZES); size += 1) {
      pool.push(new MemoryVendor(`s${slot}-${kind}-${size}`, kind, size, kind === 'cursor-lag' ? LAG_MS : 0, []));
    }
  }
}
const inSlot = (slot: number) => pool.filter((vendor) => vendor.name.startsWith(`s${slot}-`));

/** Who asks, and the slots of the agents its role may read. */
const CALLERS: { claims: Partial<TokenClaims>; slots: number[] }[] = [
  { claims: { org: 'acme', role: 'ADMIN' }, slots: [0, 1, 2] },
  { claims: { org: 'acme', role: 'DEPARTMENT_HEAD', department: 'sales' }, slots: [1, 2] },
  { claims: { org: 'acme', role: 'DEPARTMENT_HEAD', department: 'marketing' }, slots: [] },
  { claims: { org: 'globex', role: 'ADMIN' }, slots: [2, 3] },
  // A SUPERADMIN searches the org its token names, like any caller.
  { claims: { org: 'globex', role: 'SUPERADMIN' }, slots: [2, 3] },
];

const PERSON = '+1 416 555 0100';
/** The person written as vendors write it, another person, and a national number no region makes E.164. */
const PHONES = ['+14165550100', '+1 (416) 555-0100', '001 416 555 0100', ' +1 416.555.0100 ', '+442079460000', '0044 20 7946 0000', '(416) 555-0100', undefined] as const;
const isPerson = (phone: string | undefined) => phone !== undefined && contactFieldsOracle(phone, null).contactKey === 'tel:+14165550100';

let memory: MemoryApp;
beforeAll(async () => {
  memory = await startMemoryApp(pool, {}, { agents: {
    'acme-support': { org: 'acme', department: 'support', vendors: [...inSlot(0), ...inSlot(1)] },
    'acme-sales': { org: 'acme', department: 'sales', vendors: [...inSlot(1), ...inSlot(2)] },
    'globex-desk': { org: 'globex', vendors: [...inSlot(2), ...inSlot(3)] },
  } });
});
afterAll(async () => {
  await memory.close();
});

const runArbitraries = [
  fc.array(vendorArbitrary({ faults: true }), { minLength: SLOTS, maxLength: SLOTS }),
  fc.array(fc.nat({ max: PHONES.length - 1 }), { minLength: 30, maxLength: 30 }),
  fc.integer({ min: 1, max: 6 }),
  fc.nat({ max: CALLERS.length - 1 }),
] as const;

/** Every pool vendor emptied, then the run's: one per slot, each record written with one of the phones. */
function vendorsOfRun(specs: VendorSpec[], phones: number[]): MemoryVendor[] {
  for (const vendor of pool) vendor.reset([]);
  const vendors = vendorsFor(pool, specs.map((spec) => ({ ...spec, pageSize: spec.kind === 'window' ? 1 : ((spec.pageSize - 1) % SIZES) + 1 })));
  vendors.forEach((vendor, slot) => {
    vendor.records.forEach((record, index) => {
      const phone = PHONES[phones[(index + slot * 7) % phones.length]!];
      if (phone !== undefined) record.phone = phone;
    });
  });
  return vendors;
}

function search(caller: number, limit: number, between?: (page: number) => Promise<void>): Promise<Walk> {
  return walkAllAt(memory.app, memory.tokenFor(CALLERS[caller]!.claims), '/v1/conversations', { phone: PERSON, limit: String(limit) }, between);
}

function personIds(vendors: MemoryVendor[], slots: number[], keep: (vendor: MemoryVendor, id: string) => boolean = () => true): string[] {
  const readable = vendors.filter((_vendor, slot) => slots.includes(slot));
  return expectedIds(readable, {}, (vendor, id) => keep(vendor, id) && isPerson(vendor.records.find((record) => record.id === id)?.phone));
}

describe('contact search over memory vendors (property)', () => {
  it('returns exactly the readable rows of the person, once, in order, with exact hasMore, whatever the vendors do', async () => {
    await fc.assert(
      fc.asyncProperty(...runArbitraries, async (specs, phones, limit, caller) => {
        const vendors = vendorsOfRun(specs, phones);
        const { slots } = CALLERS[caller]!;
        const walk = await search(caller, limit);
        expect(walk.rows.map((row) => row.id)).toEqual(personIds(vendors, slots));
        expectExactPaging(walk.pages.map((page) => ({ rows: page.rows, hasMore: page.pagination.hasMore })), limit);
        const readable = new Set(slots.flatMap((slot) => inSlot(slot).map((vendor) => vendor.name)));
        for (const page of walk.pages) {
          for (const report of page.sources) expect(readable.has(report.source), `${report.source} read for slots ${slots.join()}`).toBe(true);
          // Each source once, however many agents bind it.
          expect(new Set(page.sources.map((report) => report.source)).size).toBe(page.sources.length);
        }
        for (const row of walk.rows) expect(row.contactKey).toBe('tel:+14165550100');
        const failing = vendors.filter((vendor, slot) => vendor.failing && slots.includes(slot));
        if (failing.length > 0) expect(walk.pages.every((page) => page.partial)).toBe(true);
      }),
      { numRuns: 120 },
    );
  }, 240_000);

  it('keeps every row of the person that stood still, once and in order, under changes along the walk', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(vendorArbitrary({ faults: false }), { minLength: SLOTS, maxLength: SLOTS }),
        runArbitraries[1],
        runArbitraries[2],
        runArbitraries[3],
        fc.array(changeArbitrary, { minLength: 1, maxLength: 6 }),
        async (specs, phones, limit, caller, changes) => {
          vendorsOfRun(specs, phones);
          const still = await search(caller, limit);
          fc.pre(still.pages.length > 1);
          const vendors = vendorsOfRun(specs, phones);
          const { slots } = CALLERS[caller]!;
          const world = changingWorld(vendors);
          const walk = await search(caller, limit, async (page) => {
            await memory.settle();
            for (const change of changesDueAt(changes, page, still.pages.length)) world.apply(change);
          });
          const ids = walk.rows.map((row) => row.id);
          expect(new Set(ids).size, 'no row twice').toBe(ids.length);
          const stoodStill = personIds(vendors, slots, (vendor, id) => !id.startsWith('new') && !world.changed.has(`${vendor.name}:${id}`));
          const stoodStillSet = new Set(stoodStill);
          expect(ids.filter((id) => stoodStillSet.has(id))).toEqual(stoodStill);
          const readable = new Set(slots.flatMap((slot) => inSlot(slot).map((vendor) => `${vendor.name}:`)));
          for (const row of walk.rows) {
            expect(row.contactKey).toBe('tel:+14165550100');
            expect(readable.has(`${row.source}:`), row.id).toBe(true);
          }
        },
      ),
      { numRuns: 80 },
    );
  }, 240_000);
});
