import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readConversationsPage, type PageDependencies } from '../../src/conversations/read-conversations-page.js';
import { CursorCodec } from '../../src/cursor/cursor-codec.js';
import { compareKeys } from '../../src/merge/row-key.js';
import { memoryAgent, memoryClient, MemoryVendor, type MemoryKind, type MemoryRecord } from '../support/memory-vendors.js';

const MINUTE = 60_000;
const BASE = Date.UTC(2026, 0, 1);
const LAG_MS = 3 * MINUTE;
const KINDS: MemoryKind[] = ['page', 'page-short-ends', 'page-with-totals', 'cursor-lag', 'window'];

/** Few distinct times, so ties inside and across vendors are the rule; some nulls. */
const recordArbitrary = fc.record({
  time: fc.option(fc.integer({ min: 0, max: 8 }), { freq: 6 }),
  lagSteps: fc.integer({ min: 0, max: 3 }),
  tie: fc.integer({ min: 0, max: 1_000 }),
});

const vendorArbitrary = fc.record({
  kind: fc.constantFrom(...KINDS),
  pageSize: fc.integer({ min: 1, max: 6 }),
  records: fc.array(recordArbitrary, { maxLength: 30 }),
});

const mutationArbitrary = fc.record({
  beforePage: fc.integer({ min: 1, max: 30 }),
  vendor: fc.nat(),
  action: fc.constantFrom('insert', 'touch', 'delete'),
  count: fc.integer({ min: 1, max: 4 }),
  pick: fc.nat(),
});

function buildVendors(specs: { kind: MemoryKind; pageSize: number; records: { time: number | null; lagSteps: number; tie: number }[] }[]): MemoryVendor[] {
  return specs.map((spec, index) => {
    const name = `v${index}-${spec.kind}`;
    const records: MemoryRecord[] = spec.records.map((record, position) => {
      const n = record.time === null ? null : BASE + record.time * MINUTE;
      // Bounded lag: last activity trails the native key by at most LAG_MS.
      const t = n === null ? null : spec.kind === 'cursor-lag' ? n + (record.lagSteps * LAG_MS) / 3 : n;
      // The vendor's tie order is its own (not the id), and unique, as a keyset cursor needs.
      return { id: `r${position}`, n, t, tie: record.tie * 100 + position };
    });
    return new MemoryVendor(name, spec.kind, spec.pageSize, spec.kind === 'cursor-lag' ? LAG_MS : 0, records);
  });
}

function sortedIds(vendors: MemoryVendor[], keep: (source: string, record: MemoryRecord) => boolean = () => true): string[] {
  return vendors
    .flatMap((vendor) => vendor.records.filter((record) => keep(vendor.name, record)).map((record) => ({ t: record.t, id: `${vendor.name}:${record.id}` })))
    .sort(compareKeys)
    .map((key) => key.id);
}

async function walk(vendors: MemoryVendor[], limit: number, between: (page: number) => void = () => {}): Promise<string[]> {
  const deps: PageDependencies = {
    client: memoryClient(vendors),
    codec: new CursorCodec(['property-test-cursor-secret']),
    settings: { requestDeadlineMs: 60_000, cursorTtlMs: 3_600_000, maxPagesPerRequest: 10_000 },
    now: Date.now,
  };
  const agent = memoryAgent(vendors);
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 2_000; page += 1) {
    if (page > 0) between(page);
    const result = await readConversationsPage(deps, {
      agent,
      callerOrg: 'acme',
      filters: {},
      limit,
      cursor,
      includeRaw: false,
      includeSummary: false,
      strict: true,
    });
    expect(result.rows.length).toBeLessThanOrEqual(limit);
    ids.push(...result.rows.map((row) => row.id));
    if (!result.pagination.hasMore) return ids;
    expect(result.rows.length).toBe(limit);
    cursor = result.pagination.nextCursor!;
  }
  throw new Error('the walk did not end');
}

describe('merged walk (property)', () => {
  it('equals the sorted union of every vendor, whatever the paging, order, ties, nulls and limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(vendorArbitrary, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 10 }), async (specs, limit) => {
        const vendors = buildVendors(specs);
        const ids = await walk(vendors, limit);
        expect(ids).toEqual(sortedIds(vendors));
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('keeps every row that stood still, once and in order, while rows are inserted, changed and deleted mid-walk', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(vendorArbitrary, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(mutationArbitrary, { maxLength: 8 }),
        async (specs, limit, mutations) => {
          const vendors = buildVendors(specs);
          const changed = new Set<string>();
          let newest = BASE + 20 * MINUTE;
          let fresh = 0;
          const ids = await walk(vendors, limit, (page) => {
            for (const mutation of mutations.filter((candidate) => candidate.beforePage === page)) {
              const vendor = vendors[mutation.vendor % vendors.length]!;
              for (let count = 0; count < mutation.count; count += 1) {
                newest += MINUTE;
                if (mutation.action === 'insert' || vendor.records.length === 0) {
                  fresh += 1;
                  vendor.records.push({ id: `new${fresh}`, n: newest, t: newest, tie: fresh });
                } else if (mutation.action === 'delete') {
                  // The rows below a deleted one shift up: a page-numbered resume must step back.
                  const [record] = vendor.records.splice((mutation.pick + count) % vendor.records.length, 1);
                  changed.add(`${vendor.name}:${record!.id}`);
                } else {
                  // A row with new activity moves to the top: the rows below it shift up.
                  const record = vendor.records[(mutation.pick + count) % vendor.records.length]!;
                  record.n = newest;
                  record.t = newest;
                  changed.add(`${vendor.name}:${record.id}`);
                }
              }
            }
          });
          const seen = new Set<string>();
          for (const id of ids) {
            expect(seen.has(id), `${id} twice`).toBe(false);
            seen.add(id);
          }
          const stoodStill = sortedIds(vendors, (source, record) => !record.id.startsWith('new') && !changed.has(`${source}:${record.id}`));
          const stoodStillSet = new Set(stoodStill);
          expect(ids.filter((id) => stoodStillSet.has(id))).toEqual(stoodStill);
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
