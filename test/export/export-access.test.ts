import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportNdjson } from '../support/export-client.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import { getPage } from '../support/walk.js';

let sandbox: SandboxApp;

beforeAll(async () => {
  sandbox = await startSandboxApp();
});
afterAll(async () => {
  await sandbox.close();
});

describe('the export route: who may export, and what it refuses', () => {
  it('answers like the page endpoint for roles and unknown agents, before streaming', async () => {
    const otherOrg = await exportNdjson(sandbox.app, sandbox.token({ org: 'globex' }), 'support-bot', {});
    expect(otherOrg.status).toBe(404);
    expect(JSON.parse(otherOrg.body)).toMatchObject({ success: false, error: 'AGENT_NOT_FOUND' });
    const department = await exportNdjson(sandbox.app, sandbox.token({ role: 'DEPARTMENT_HEAD', department: 'sales' }), 'support-bot', {});
    expect(department.status).toBe(403);
    const unauthenticated = await sandbox.app.inject({ url: '/v1/agents/support-bot/conversations/export' });
    expect(unauthenticated.statusCode).toBe(401);
  });

  it('refuses limit, strict, an unknown format and bad filters with 400', async () => {
    for (const query of [{ limit: '10' }, { strict: 'true' }, { format: 'xml' }, { since: 'yesterday' }, { sources: 'nope' }] as Record<string, string>[]) {
      const answer = await exportNdjson(sandbox.app, sandbox.token(), 'support-bot', query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(JSON.parse(answer.body).error).toBe('BAD_REQUEST');
    }
  });

  it('continues a page walk from its nextCursor: the pages so far plus the export are the whole walk', async () => {
    const whole = await exportNdjson(sandbox.app, sandbox.token(), 'support-bot', {});
    const first = await getPage(sandbox.app, sandbox.token(), 'support-bot', { limit: '37' });
    const rest = await exportNdjson(sandbox.app, sandbox.token(), 'support-bot', { cursor: first.body.data.pagination.nextCursor! });
    expect([...first.body.data.rows, ...rest.rows].map((row) => row.id)).toEqual(whole.rows.map((row) => row.id));
    expect(rest.trailer).toMatchObject({ complete: true, rows: whole.rows.length - 37 });
  });

  it('formula-looking text in CSV is defused, RFC 4180 quoting holds', async () => {
    const { csvRecord } = await import('../../src/export/csv-encoding.js');
    expect(csvRecord(['=1+1', '+14165557503', '-3.5', '@SUM(A1)', 'a,b', 'say "hi"', 'two\nlines', '', null, true, 4])).toBe(
      `'=1+1,+14165557503,-3.5,'@SUM(A1),"a,b","say ""hi""","two\nlines","",,true,4\r\n`,
    );
  });
});

describe('a client that goes away', () => {
  it('stops the vendor reads of its export', async () => {
    const { request } = await import('undici');
    const big = await startSandboxApp({
      agents: [{ id: 'big', name: 'Big', org: 'acme', department: 'x', sources: [{ vendor: 'tether', agentKey: 'big-desk', count: 3_000 }, { vendor: 'elevenlabs', agentKey: 'agent_big', count: 3_000 }] }],
      adjust: (config) => Object.values(config.connections).forEach((connection) => (connection.cacheTtlMs = 0)),
    });
    try {
      await big.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (big.app.server.address() as { port: number }).port;
      const vendorCalls = () => [...big.world.simulators.values()].reduce((sum, simulator) => sum + simulator.requests.length, 0);
      const response = await request(`http://127.0.0.1:${port}/v1/agents/big/conversations/export`, { headers: { authorization: `Bearer ${big.token()}` } });
      for await (const _chunk of response.body) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const afterClose = vendorCalls();
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(vendorCalls()).toBe(afterClose);
      // A whole walk of this agent needs at least 60 vendor pages; the export stopped long before.
      expect(afterClose).toBeLessThan(30);
    } finally {
      await big.close();
    }
  }, 30_000);
});
