import { describe, expect, it } from 'vitest';
import { retellAdapter } from '../../../adapters/retell/retell-adapter.js';
import type { RequestContext } from '../../../src/contract/index.js';
import { requestContext } from '../../support/vendor-harness.js';

const binding = { connection: 'retell', agentId: 'agent_1' };
const context = (overrides: Partial<RequestContext> = {}): RequestContext => ({ ...requestContext(retellAdapter, binding, 'key', 50, { cursor: null }), ...overrides });

describe('retellAdapter', () => {
  it('POSTs the agent filter, descending by start, with the pagination key', () => {
    expect(retellAdapter.buildRequest(context({ position: { cursor: 'abc' } }))).toEqual({
      method: 'POST',
      path: '/v3/list-calls',
      headers: { authorization: 'Bearer key', accept: 'application/json' },
      body: { filter_criteria: { agent: [{ agent_id: 'agent_1' }] }, sort_order: 'descending', limit: 50, pagination_key: 'abc' },
    });
  });

  it('pushes start bounds down widened by the lag', () => {
    const body = retellAdapter.buildRequest(context({ bounds: { since: 10_000_000, until: 20_000_000, lagMs: 7_200_000 } })).body as Record<string, any>;
    expect(body.filter_criteria.start_timestamp).toEqual({ op: 'bt', type: 'range', value: [2_800_000, 20_000_000] });
  });

  it('sends one typed bound when only one end is known', () => {
    const since = retellAdapter.buildRequest(context({ bounds: { since: 10_000_000, lagMs: 1_000 } })).body as Record<string, any>;
    expect(since.filter_criteria.start_timestamp).toEqual({ op: 'ge', type: 'number', value: 9_999_000 });
    const until = retellAdapter.buildRequest(context({ bounds: { until: 20_000_000, lagMs: 1_000 } })).body as Record<string, any>;
    expect(until.filter_criteria.start_timestamp).toEqual({ op: 'lt', type: 'number', value: 20_000_000 });
  });

  it('reads a v3 page and refuses a v2 bare array', () => {
    expect(retellAdapter.parsePage({ items: [{ call_id: 'a' }], pagination_key: 'k', has_more: true })).toEqual({ records: [{ call_id: 'a' }], nextCursor: 'k', hasMore: true });
    expect(() => retellAdapter.parsePage([{ call_id: 'a' }])).toThrow('no items array');
  });

  it('reads { status: "error", message } bodies', () => {
    expect(retellAdapter.describeError(429, { status: 'error', message: 'Too many requests' })).toEqual({ message: 'Too many requests' });
    expect(retellAdapter.describeError(500, null)).toEqual({ message: null });
  });
});
