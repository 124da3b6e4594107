import { MAX_CURSOR_CHARS } from '../../src/cursor/cursor-codec.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/sign-token.js';
import { startSandboxApp, TEST_SECRETS, type SandboxApp } from '../support/sandbox-app.js';

let sandbox: SandboxApp;

beforeAll(async () => {
  sandbox = await startSandboxApp();
});
afterAll(async () => {
  await sandbox.close();
});

async function call(url: string, token: string | undefined) {
  const response = await sandbox.app.inject({
    method: 'GET',
    url,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: response.statusCode, body: response.json() as { success: boolean; error?: string; message?: string } };
}

describe('authentication', () => {
  it('no token, a forged token and an expired token are 401 in the envelope', async () => {
    const forged = signToken('a-different-secret-0123456789abcdef', { sub: 'x', org: 'acme', role: 'ADMIN' });
    const expired = signToken(TEST_SECRETS.jwt, { sub: 'x', org: 'acme', role: 'ADMIN' }, 60, Date.now() - 3_600_000);
    for (const token of [undefined, forged, expired, 'garbage', '']) {
      const { status, body } = await call('/v1/agents/support-bot/conversations', token);
      expect(status).toBe(401);
      expect(body).toMatchObject({ success: false, error: 'UNAUTHORIZED' });
    }
  });

  it('a SUPERADMIN token may leave org out and reads every org; any other role needs it', async () => {
    const superadmin = signToken(TEST_SECRETS.jwt, { sub: 'root', role: 'SUPERADMIN' } as never);
    const first = await call('/v1/agents/globex-helpdesk/conversations?limit=3', superadmin);
    expect(first.status).toBe(200);
    const cursor = (first.body as unknown as { data: { pagination: { nextCursor: string } } }).data.pagination.nextCursor;
    const second = await call(`/v1/agents/globex-helpdesk/conversations?limit=3&cursor=${encodeURIComponent(cursor)}`, superadmin);
    expect(second.status).toBe(200);
    const admin = signToken(TEST_SECRETS.jwt, { sub: 'x', role: 'ADMIN' } as never);
    expect((await call('/v1/agents/support-bot/conversations', admin)).status).toBe(401);
  });

  it("another org's agent is 404, as if it did not exist", async () => {
    const { status, body } = await call('/v1/agents/globex-helpdesk/conversations', sandbox.token());
    expect(status).toBe(404);
    expect(body.error).toBe('AGENT_NOT_FOUND');
    const missing = await call('/v1/agents/no-such-agent/conversations', sandbox.token());
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('AGENT_NOT_FOUND');
  });

  it('GET /v1/agents lists what the caller may read', async () => {
    const response = await sandbox.app.inject({ url: '/v1/agents', headers: { authorization: `Bearer ${sandbox.token()}` } });
    const agents = (response.json() as { data: { agents: { id: string }[] } }).data.agents.map((agent) => agent.id);
    expect(agents.sort()).toEqual(['sales-bot', 'support-bot']);
  });
});

describe('bad input is a 400 in the envelope, never a 500', () => {
  const cases = [
    'limit=0',
    'limit=101',
    'limit=abc',
    'limit=1.5',
    'since=yesterday',
    'since=2026-02-30',
    'until=2026-5-1',
    'until=2026-13-45T99:00:00Z',
    'since=2026-05-02T00:00:00Z&until=2026-05-01T00:00:00Z',
    'channel=fax',
    'channel=',
    'state=sleeping',
    'sources=nope',
    'successful=maybe',
    'minRating=0',
    'maxRating=6',
    'minRating=4&maxRating=2',
    'minDurationSec=-1',
    'include=everything',
    'strict=yes',
    'unknownParam=1',
    `q=${'x'.repeat(201)}`,
    `cursor=${'x'.repeat(MAX_CURSOR_CHARS + 1)}`,
  ];
  for (const query of cases) {
    it(query.slice(0, 60), async () => {
      const { status, body } = await call(`/v1/agents/support-bot/conversations?${query}`, sandbox.token());
      expect(status).toBe(400);
      expect(body.success).toBe(false);
      expect(body.error).toBe('BAD_REQUEST');
      expect(body.message).toBeTruthy();
    });
  }

  it('a malformed agent id is a 400; an unknown route a 404', async () => {
    expect((await call('/v1/agents/%E2%98%83%20x/conversations', sandbox.token())).status).toBe(400);
    const unknown = await call('/v2/nothing', sandbox.token());
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ success: false, error: 'NOT_FOUND' });
  });
});

describe('operations', () => {
  it('/healthz, /readyz and /openapi.json answer without a token', async () => {
    expect((await call('/healthz', undefined)).status).toBe(200);
    expect((await call('/readyz', undefined)).status).toBe(200);
    const openapi = await sandbox.app.inject({ url: '/openapi.json' });
    expect(openapi.statusCode).toBe(200);
    expect(Object.keys(openapi.json().paths)).toContain('/v1/agents/{agentId}/conversations');
  });
});
