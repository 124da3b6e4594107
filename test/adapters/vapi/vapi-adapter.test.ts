import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vapiAdapter } from '../../../adapters/vapi/vapi-adapter.js';
import { vapiModule } from '../../../adapters/vapi/index.js';
import type { RequestContext, VendorSimulator } from '../../../src/contract/index.js';
import { bareClient, bareConnection, requestContext } from '../../support/vendor-harness.js';
import { firstPosition, parseVendorPage } from '../../../src/paging/page-positions.js';
import { paginate } from '../../../src/paging/paginator.js';

const binding = { connection: 'vapi', assistantId: 'asst_1' };
const context = (overrides: Partial<RequestContext> = {}): RequestContext => ({ ...requestContext(vapiAdapter, binding, 'key', 50, {}), ...overrides });
const LAG_MS = 7_200_000;

describe('vapiAdapter.buildRequest', () => {
  it('asks for the assistant with a bearer key and the page size the core chose (the core keeps it within maxPageSize)', () => {
    expect(vapiAdapter.buildRequest(context({ pageSize: 1000 }))).toEqual({
      method: 'GET',
      path: '/call',
      query: { assistantId: 'asst_1', limit: 1000 },
      headers: { authorization: 'Bearer key', accept: 'application/json' },
    });
  });

  it('turns its time-window position into createdAtLe / createdAtLt, and keeps the tighter of it and until', () => {
    const at = Date.parse('2026-01-15T11:50:00.000Z');
    expect(vapiAdapter.buildRequest(context({ position: { before: { at, inclusive: true } } })).query).toMatchObject({ createdAtLe: '2026-01-15T11:50:00.000Z' });
    expect(vapiAdapter.buildRequest(context({ position: { before: { at, inclusive: false } } })).query).toMatchObject({ createdAtLt: '2026-01-15T11:50:00.000Z' });
    const until = Date.parse('2026-01-15T11:00:00.000Z');
    const query = vapiAdapter.buildRequest(context({ position: { before: { at, inclusive: true } }, bounds: { until, lagMs: LAG_MS } })).query!;
    expect(query).toMatchObject({ createdAtLt: '2026-01-15T11:00:00.000Z' });
    expect(query.createdAtLe).toBeUndefined();
  });

  it('moves since back by the lag: a call created that long before may still be active', () => {
    const since = Date.parse('2026-01-15T11:00:00.000Z');
    expect(vapiAdapter.buildRequest(context({ bounds: { since, lagMs: LAG_MS } })).query).toMatchObject({ createdAtGe: '2026-01-15T09:00:00.000Z' });
  });

  it('reads NestJS error bodies, message a string or a list', () => {
    expect(vapiAdapter.describeError(400, { message: ['limit must not be greater than 1000', 'x'], error: 'Bad Request', statusCode: 400 })).toEqual({
      message: 'limit must not be greater than 1000; x',
      vendorCode: 'Bad Request',
    });
    expect(vapiAdapter.describeError(502, '<html>')).toEqual({ message: null });
  });
});

describe('vapi adapter against its simulator', () => {
  let simulator: VendorSimulator;
  beforeAll(async () => {
    simulator = vapiModule.createSimulator({ seed: 9, credential: 'key', now: Date.UTC(2026, 0, 15, 12), agents: [{ binding, count: 45 }] });
    await simulator.start();
  });
  afterAll(() => simulator.close());

  for (const pageSize of [2, 3, 7, 100]) {
    it(`reads every call exactly once at page size ${pageSize}, ties and all`, async () => {
      const client = bareClient();
      const connection = bareConnection(vapiAdapter, simulator.baseUrl, 'key');
      const ids: string[] = [];
      const pages = paginate({
        pagination: vapiAdapter.pagination,
        pageSize,
        start: firstPosition(vapiAdapter),
        maxPages: 1_000,
        read: async (position, size) => {
          const request = context({ pageSize: size, position });
          const { body } = await client.send(connection, vapiAdapter.buildRequest(request), Date.now() + 5_000);
          return parseVendorPage(vapiAdapter, body, request);
        },
      });
      for await (const { page } of pages) ids.push(...page.records.map((record) => String((record as { id: string }).id)));
      await client.close();
      expect(ids).toEqual(simulator.visibleRecords(binding).map((record) => (record as { id: string }).id));
    });
  }
});
