import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elevenlabsAdapter } from '../../../adapters/elevenlabs/elevenlabs-adapter.js';
import { elevenlabsModule } from '../../../adapters/elevenlabs/index.js';
import type { ElevenLabsConversation } from '../../../adapters/elevenlabs/elevenlabs-types.js';
import type { MappedRow, PushDownBounds, RequestContext, SourceBinding, VendorSimulator } from '../../../src/contract/index.js';

const KEY = 'xi-test-key';
const binding: SourceBinding = { connection: 'elevenlabs', ...elevenlabsModule.sandboxBinding('agent_e2e') };
const LAG_MS = elevenlabsAdapter.order.kind === 'bounded-lag' ? elevenlabsAdapter.order.defaultMaxLagSeconds * 1000 : 0;

function context(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    binding,
    credential: KEY,
    pageSize: 25,
    position: { cursor: null },
    bounds: { lagMs: LAG_MS },
    wantSummary: false,
    ...overrides,
  };
}

describe('elevenlabsAdapter.buildRequest', () => {
  it('asks for the bound agent with the key in xi-api-key', () => {
    expect(elevenlabsAdapter.buildRequest(context())).toEqual({
      method: 'GET',
      path: '/v1/convai/conversations',
      query: { agent_id: 'agent_e2e', page_size: 25 },
      headers: { 'xi-api-key': KEY, accept: 'application/json' },
    });
  });

  it('passes the cursor and asks for summaries when wanted', () => {
    const built = elevenlabsAdapter.buildRequest(context({ position: { cursor: 'abc' }, wantSummary: true }));
    expect(built.query).toMatchObject({ cursor: 'abc', summary_mode: 'include' });
  });

  it('widens the time bounds: before a second past until, after a second before since minus the lag', () => {
    const since = Date.UTC(2026, 0, 15, 10, 0, 0, 500);
    const until = Date.UTC(2026, 0, 15, 11, 0, 0, 500);
    const built = elevenlabsAdapter.buildRequest(context({ bounds: { since, until, lagMs: LAG_MS } }));
    expect(built.query!.call_start_before_unix).toBe(Math.ceil(until / 1000) + 1);
    expect(built.query!.call_start_after_unix).toBe(Math.floor((since - LAG_MS) / 1000) - 1);
    expect(Object.keys(built.query!).sort()).toEqual(['agent_id', 'call_start_after_unix', 'call_start_before_unix', 'page_size']);
  });

  it('declares its binding, pagination and order as data', () => {
    expect(elevenlabsAdapter.vendorAgentId(binding)).toBe('agent_e2e');
    expect(elevenlabsAdapter.boundUserIds(binding)).toEqual([]);
    expect(elevenlabsAdapter.pagination).toEqual({ kind: 'cursor', maxPageSize: 100 });
    expect(elevenlabsAdapter.order).toEqual({ kind: 'bounded-lag', defaultMaxLagSeconds: 7200 });
    expect(elevenlabsAdapter.nativeKey({ start_time_unix_secs: 1_768_476_600 })).toBe(1_768_476_600_000);
    expect(elevenlabsAdapter.bindingSchema).toMatchObject({ required: ['agentId'], additionalProperties: false });
  });
});

describe('elevenlabs adapter against its simulator', () => {
  const now = Date.UTC(2026, 0, 15, 12, 0, 0);
  let simulator: VendorSimulator;

  beforeAll(async () => {
    simulator = elevenlabsModule.createSimulator({ seed: 5, credential: KEY, now, agents: [{ binding, count: 60 }] });
    await simulator.start();
  });

  afterAll(async () => {
    await simulator.close();
  });

  /** Walks every page the way the core's cursor engine does, with the adapter's own request and parser. */
  async function walk(bounds: PushDownBounds, pageSize = 9): Promise<{ rows: MappedRow[]; requests: number }> {
    const rows: MappedRow[] = [];
    let cursor: string | null = null;
    let requests = 0;
    const seen = new Set<string>();
    for (;;) {
      const built = elevenlabsAdapter.buildRequest(context({ pageSize, bounds, position: { cursor } }));
      const url = new URL(simulator.baseUrl + built.path);
      for (const [name, value] of Object.entries(built.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
      const response = await request(url, { method: built.method, headers: built.headers });
      requests += 1;
      expect(response.statusCode).toBe(200);
      const page = elevenlabsAdapter.parsePage(await response.body.json());
      rows.push(...page.records.map((record) => elevenlabsAdapter.mapRow(record as ElevenLabsConversation, { binding })));
      if (page.hasMore === false || !page.nextCursor || page.records.length === 0 || seen.has(page.nextCursor)) break;
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
    return { rows, requests };
  }

  it('walks every page and maps every visible record exactly once', async () => {
    const { rows, requests } = await walk({ lagMs: LAG_MS });
    const visible = (simulator.visibleRecords(binding) as ElevenLabsConversation[]).map((record) => record.conversation_id);
    expect(rows.map((row) => row.conversationId)).toEqual(visible);
    expect(new Set(rows.map((row) => row.conversationId)).size).toBe(60);
    expect(requests).toBe(Math.ceil(60 / 9));
  });

  it('pushes time bounds down without losing a row inside them', async () => {
    const all = (await walk({ lagMs: LAG_MS })).rows;
    const times = all.map((row) => Date.parse(row.lastActivityAt!)).sort((a, b) => a - b);
    const since = times[Math.floor(times.length / 4)]!;
    const until = times[Math.floor((times.length * 3) / 4)]!;
    const inside = (row: MappedRow) => {
      const at = Date.parse(row.lastActivityAt!);
      return at >= since && at < until;
    };
    // A short lag: the push-down must still cover every row the core will keep.
    const bounded = (await walk({ since, until, lagMs: 30 * 60_000 })).rows;
    expect(bounded.filter(inside).map((row) => row.conversationId)).toEqual(all.filter(inside).map((row) => row.conversationId));
    expect(bounded.length).toBeLessThan(all.length);
  });
});
