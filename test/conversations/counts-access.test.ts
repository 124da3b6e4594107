import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCounts } from '../support/counts.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import { walkAll } from '../support/walk.js';

let sandbox: SandboxApp;

beforeAll(async () => {
  sandbox = await startSandboxApp();
});
afterAll(async () => {
  await sandbox.close();
});

const vendorCalls = () => [...sandbox.world.simulators.values()].reduce((sum, simulator) => sum + simulator.requests.length, 0);

describe('who may count', () => {
  it('answers like the list for roles and unknown agents, kept counts or not', async () => {
    // Counted (and kept) for acme first: what was kept never answers a caller the list would refuse.
    expect((await getCounts(sandbox.app, sandbox.token(), 'support-bot')).status).toBe(200);
    const otherOrg = await getCounts(sandbox.app, sandbox.token({ org: 'globex' }), 'support-bot');
    expect(otherOrg).toMatchObject({ status: 404, body: { success: false, error: 'AGENT_NOT_FOUND' } });
    const unknown = await getCounts(sandbox.app, sandbox.token(), 'no-such-agent');
    expect(unknown).toMatchObject({ status: 404, body: { error: 'AGENT_NOT_FOUND' } });
    const otherDepartment = await getCounts(sandbox.app, sandbox.token({ role: 'DEPARTMENT_HEAD', department: 'sales' }), 'support-bot');
    expect(otherDepartment).toMatchObject({ status: 403, body: { error: 'FORBIDDEN' } });
    const ownDepartment = await getCounts(sandbox.app, sandbox.token({ role: 'DEPARTMENT_HEAD', department: 'support' }), 'support-bot');
    expect(ownDepartment.status).toBe(200);
    const unbound = await getCounts(sandbox.app, sandbox.token({ role: 'AGENT', sub: 'nobody-bound' }), 'support-bot');
    expect(unbound.status).toBe(403);
    const unauthenticated = await sandbox.app.inject({ url: '/v1/agents/support-bot/conversations/counts' });
    expect(unauthenticated.statusCode).toBe(401);
  });
});

describe('what a count refuses', () => {
  it("is a 400 in the envelope for the list's page parameters and for bad filters, before any vendor is read", async () => {
    const before = vendorCalls();
    const refused: Record<string, string>[] = [
      { limit: '10' },
      { cursor: 'abc' },
      { syncToken: 'abc' },
      { include: 'raw' },
      { strict: 'true' },
      { since: 'yesterday' },
      { since: '2026-05-02', until: '2026-05-01' },
      { state: 'sleeping' },
      { channel: 'voice,fax' },
      { sources: 'nope' },
      { minRating: '6' },
      { minDurationSec: '60', maxDurationSec: '10' },
    ];
    for (const query of refused) {
      const { status, body } = await getCounts(sandbox.app, sandbox.token(), 'support-bot', query);
      expect(status, JSON.stringify(query)).toBe(400);
      expect(body, JSON.stringify(query)).toMatchObject({ success: false, error: 'BAD_REQUEST' });
    }
    expect(vendorCalls()).toBe(before);
  });
});

describe('kept counts', () => {
  it('the same filter again is answered without a vendor call, marked cached, with its first time; the same filter in another order too', async () => {
    const query = { state: 'human,resolved', sources: 'tether,chatdash', since: '2026-01-01' };
    const first = await getCounts(sandbox.app, sandbox.token(), 'sales-bot', { channel: 'voice' });
    expect(first.body.data.cached).toBe(false);
    const counted = await getCounts(sandbox.app, sandbox.token(), 'support-bot', query);
    expect(counted.body.data).toMatchObject({ cached: false, partial: false });
    const before = vendorCalls();
    const again = await getCounts(sandbox.app, sandbox.token({ sub: 'someone-else' }), 'support-bot', { state: 'resolved,human', sources: 'chatdash,tether', since: '2026-01-01T00:00:00Z' });
    expect(vendorCalls()).toBe(before);
    const { cached, sources, ...rest } = again.body.data;
    expect(cached).toBe(true);
    expect(sources.every((source) => source.requests === 0 && source.cached)).toBe(true);
    const { cached: _cached, sources: _sources, ...counts } = counted.body.data;
    expect(rest).toEqual(counts);
    // Another filter is counted afresh.
    const other = await getCounts(sandbox.app, sandbox.token(), 'support-bot', { ...query, state: 'human' });
    expect(other.body.data.cached).toBe(false);
  });

  it("equal the sandbox list's full walk", async () => {
    const query = { channel: 'voice,webchat', successful: 'true' };
    const { body } = await getCounts(sandbox.app, sandbox.token(), 'support-bot', query);
    const walk = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { ...query, limit: '100' });
    expect(body.data.partial).toBe(false);
    expect(body.data.total).toBe(walk.rows.length);
    for (const [source, count] of Object.entries(body.data.bySource)) expect(count, source).toBe(walk.rows.filter((row) => row.source === source).length);
  });
});
