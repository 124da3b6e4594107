import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentDirectory } from '../../src/agents/agent-directory.js';
import type { Caller } from '../../src/auth/caller.js';
import type { MonitorCapability, ReportedStall, StallCategory, VendorRequest } from '../../src/contract/index.js';
import { CursorCodec } from '../../src/cursor/cursor-codec.js';
import { LocalVendorCursors } from '../../src/cursor/vendor-cursor-store.js';
import type { MonitorRequest } from '../../src/monitor/monitor-request.js';
import { readStalledPage, type MonitorDependencies } from '../../src/monitor/read-stalled-page.js';
import type { BodyReader, VendorClient } from '../../src/upstream/vendor-client.js';
import { memoryAgent, memoryClient, MemoryVendor, type MemoryKind, type MemoryRecord } from '../support/memory-vendors.js';
import { duplicates } from '../support/walk.js';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 0, 1, 12);
const KINDS: MemoryKind[] = ['page', 'page-short-ends', 'page-with-totals', 'window'];
const ADMIN: Caller = { sub: 'tester', org: 'acme', role: 'ADMIN', department: null };

/** One record's stall facts, in minutes before NOW; few distinct values so ties are the rule. */
interface Facts {
  owner: 'ai' | 'human' | 'none';
  inbound: number | null;
  reply: number | null;
}
type StallRecord = MemoryRecord & { facts: Facts };

const factsArbitrary = fc.record({
  owner: fc.constantFrom<Facts['owner']>('ai', 'human', 'none'),
  inbound: fc.option(fc.integer({ min: 0, max: 12 }).map((steps) => steps * 10), { freq: 8 }),
  reply: fc.option(fc.integer({ min: 0, max: 12 }).map((steps) => steps * 10), { freq: 2 }),
});

const vendorArbitrary = fc.record({
  kind: fc.constantFrom(...KINDS),
  native: fc.boolean(),
  pageSize: fc.integer({ min: 1, max: 5 }),
  records: fc.array(factsArbitrary, { maxLength: 25 }),
  strangers: fc.array(factsArbitrary, { maxLength: 5 }),
});
type VendorSpec = typeof vendorArbitrary extends fc.Arbitrary<infer T> ? T : never;

const at = (minutesAgo: number | null) => (minutesAgo === null ? null : NOW - minutesAgo * MINUTE);

/** The documented rule, written out again independently of the gateway's code. */
function expectedStall(facts: Facts): { category: StallCategory; inbound: number | null } | null {
  if (facts.owner === 'none' || facts.inbound === null) return null;
  if (facts.reply !== null && facts.reply <= facts.inbound) return null;
  return { category: facts.owner === 'ai' ? 'ai_stuck' : 'agent_abandoned', inbound: at(facts.inbound) };
}

const signalMonitor: MonitorCapability<StallRecord> = {
  kind: 'signals',
  categories: ['ai_stuck', 'agent_abandoned'],
  signals: 'memory signals',
  stallSignals: ({ facts }) =>
    facts.owner === 'none'
      ? null
      : {
          aiOwned: facts.owner === 'ai',
          humanRequestedOrHeld: facts.owner === 'human',
          latestInboundAt: at(facts.inbound),
          latestAiReplyAt: facts.owner === 'ai' ? at(facts.reply) : null,
          latestHumanReplyAt: facts.owner === 'human' ? at(facts.reply) : null,
          assigneeNames: [],
        },
};

/** A vendor report: every stalled conversation of the organization, including other agents' (`strangers`). */
function reportRows(spec: VendorSpec): ReportedStall[] {
  const all = [...spec.records.map((facts, index) => ({ id: `r${index}`, facts })), ...spec.strangers.map((facts, index) => ({ id: `s${index}`, facts }))];
  return all.flatMap(({ id, facts }) => {
    const stall = expectedStall(facts);
    return stall ? [{ conversationId: id, category: stall.category, latestInboundAt: stall.inbound, assigneeNames: [], hasAccess: null }] : [];
  });
}

function reportMonitor(pageSize: number): MonitorCapability<StallRecord> {
  return {
    kind: 'report',
    categories: ['ai_stuck', 'agent_abandoned'],
    signals: 'memory report',
    maxPageSize: pageSize,
    buildReportRequest: (context) => ({ method: 'GET', path: '/monitor-report', headers: {}, query: { page: context.page, category: context.category } }),
    parseReportPage: (body) => body as { records: unknown[]; totalPages: number },
    readStall: (record) => record as ReportedStall,
  };
}

function world(specs: VendorSpec[]) {
  const vendors = specs.map((spec, index) => {
    const records: StallRecord[] = spec.records.map((facts, position) => ({ id: `r${position}`, n: NOW - position * MINUTE, t: NOW - position * MINUTE, tie: position, facts }));
    return new MemoryVendor(`v${index}`, spec.kind, spec.pageSize, 0, records);
  });
  const agent = memoryAgent(vendors);
  agent.sources.forEach((source, index) => {
    const spec = specs[index]!;
    const monitor = spec.native ? reportMonitor(spec.pageSize) : signalMonitor;
    source.runtime.adapter = { ...source.runtime.adapter, monitor } as typeof source.runtime.adapter;
  });
  const base = memoryClient(vendors);
  const client = {
    read: async (connection: { name: string }, request: VendorRequest, scope: unknown, reader: BodyReader<unknown>) => {
      if (request.path !== '/monitor-report') return base.read(connection as never, request, scope as never, reader);
      const spec = specs[Number(connection.name.slice(1))]!;
      const rows = reportRows(spec);
      const page = Number(request.query!.page);
      const category = request.query!.category;
      const kept = rows.filter((row) => category === undefined || row.category === category);
      const records = kept.slice((page - 1) * spec.pageSize, page * spec.pageSize);
      return { value: (await reader.read({ records, totalPages: Math.ceil(kept.length / spec.pageSize) }, 0)).value, requests: 0, latencyMs: 0, fetchedAt: 0 };
    },
  } as unknown as VendorClient;
  const directory: AgentDirectory = { agents: new Map([[agent.id, agent]]), connections: new Map() };
  return { vendors, directory, client };
}

function expectedIds(specs: VendorSpec[], request: MonitorRequest): string[] {
  return specs
    .flatMap((spec, index) =>
      spec.records.flatMap((facts, position) => {
        const stall = expectedStall(facts);
        if (!stall || !request.categories.includes(stall.category)) return [];
        const waited = stall.inbound === null ? null : NOW - stall.inbound;
        if (!request.skipThreshold && (waited === null || waited < request.thresholdMinutes * MINUTE)) return [];
        return [{ t: stall.inbound ?? Infinity, id: `v${index}:r${position}` }];
      }),
    )
    .sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((key) => key.id);
}

async function walk(deps: MonitorDependencies, request: MonitorRequest): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 500; page += 1) {
    const result = await readStalledPage(deps, ADMIN, { ...request, ...(cursor ? { cursor } : {}) });
    expect(result.rows.length).toBeLessThanOrEqual(request.limit);
    ids.push(...result.rows.map((row) => row.id));
    if (!result.pagination.hasMore) return ids;
    expect(result.rows.length).toBe(request.limit);
    cursor = result.pagination.nextCursor!;
  }
  throw new Error('walk did not end');
}

describe('stalled walk property', () => {
  it('walking every page equals the sorted stalls of every vendor, once each, for signals and native reports alike', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(vendorArbitrary, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(1, 30, 60, 100),
        fc.boolean(),
        fc.subarray<StallCategory>(['ai_stuck', 'agent_abandoned'], { minLength: 1 }),
        async (specs, limit, thresholdMinutes, skipThreshold, categories) => {
          const { directory, client } = world(specs);
          const deps: MonitorDependencies = {
            client,
            directory,
            codec: new CursorCodec(['property-test-cursor-secret']),
            vendorCursors: new LocalVendorCursors(),
            settings: { requestDeadlineMs: 60_000, cursorTtlMs: 3_600_000, maxPagesPerRequest: 10_000, maxVendorCallsPerRequest: 1_000_000 },
            now: () => NOW,
          };
          const request: MonitorRequest = { categories, thresholdMinutes, skipThreshold, limit };
          const ids = await walk(deps, request);
          expect(duplicates(ids)).toEqual([]);
          expect(ids).toEqual(expectedIds(specs, request));
        },
      ),
      { numRuns: 150 },
    );
  });
});
