import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenClaims } from '../../src/auth/sign-token.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

/** The Tether user id the sandbox binds an agent key to (adapters/tether/index.ts). */
const tetherUser = (agentKey: string) => createHash('sha256').update(agentKey).digest('hex').slice(0, 24);
const SUPPORT_USER = tetherUser('support-desk');
const GLOBEX_USER = tetherUser('globex-desk');

/**
 * support-bot  acme/support     every sandbox vendor, Tether bound to SUPPORT_USER
 * sales-bot    acme/sales       Convocore, ElevenLabs
 * globex-bot   globex/helpdesk  ChatDash, Tether bound to GLOBEX_USER (the sandbox's globex-helpdesk)
 * ops-bot      acme, no department, Convocore
 */
const AGENTS = ['support-bot', 'sales-bot', 'globex-helpdesk', 'ops-bot'] as const;

const CALLERS: Record<string, Omit<TokenClaims, 'iss' | 'aud'>> = {
  'SUPERADMIN acme': { sub: 'root', org: 'acme', role: 'SUPERADMIN' },
  'ADMIN acme': { sub: 'ann', org: 'acme', role: 'ADMIN' },
  'ADMIN globex': { sub: 'gus', org: 'globex', role: 'ADMIN' },
  'DEPARTMENT_HEAD acme/support': { sub: 'dora', org: 'acme', role: 'DEPARTMENT_HEAD', department: 'support' },
  'DEPARTMENT_HEAD acme/sales': { sub: 'sam', org: 'acme', role: 'DEPARTMENT_HEAD', department: 'sales' },
  'DEPARTMENT_HEAD acme/(none)': { sub: 'nod', org: 'acme', role: 'DEPARTMENT_HEAD' },
  'AGENT acme bound to support-bot': { sub: SUPPORT_USER, org: 'acme', role: 'AGENT' },
  'AGENT acme unbound': { sub: 'someone-else', org: 'acme', role: 'AGENT' },
  'AGENT globex bound to globex-helpdesk': { sub: GLOBEX_USER, org: 'globex', role: 'AGENT' },
  'AGENT acme with the globex user id': { sub: GLOBEX_USER, org: 'acme', role: 'AGENT' },
};

/** Expected status of GET /v1/agents/{agent}/conversations, in the order of AGENTS. */
const MATRIX: Record<keyof typeof CALLERS, [number, number, number, number]> = {
  'SUPERADMIN acme': [200, 200, 200, 200],
  'ADMIN acme': [200, 200, 404, 200],
  'ADMIN globex': [404, 404, 200, 404],
  'DEPARTMENT_HEAD acme/support': [200, 403, 404, 403],
  'DEPARTMENT_HEAD acme/sales': [403, 200, 404, 403],
  'DEPARTMENT_HEAD acme/(none)': [403, 403, 404, 403],
  'AGENT acme bound to support-bot': [200, 403, 404, 403],
  'AGENT acme unbound': [403, 403, 404, 403],
  'AGENT globex bound to globex-helpdesk': [404, 404, 200, 404],
  'AGENT acme with the globex user id': [403, 403, 404, 403],
};

const ERROR_OF: Record<number, string> = { 403: 'FORBIDDEN', 404: 'AGENT_NOT_FOUND' };

let sandbox: SandboxApp;

beforeAll(async () => {
  sandbox = await startSandboxApp({
    adjust: (config) => {
      const salesConvocore = config.agents['sales-bot']!.sources.find((source) => source.connection === 'convocore-eu')!;
      config.agents['ops-bot'] = { name: 'Ops bot', org: 'acme', sources: [salesConvocore] };
    },
  });
});
afterAll(async () => {
  await sandbox.close();
});

async function get(url: string, claims: Omit<TokenClaims, 'iss' | 'aud'>) {
  const response = await sandbox.app.inject({ url, headers: { authorization: `Bearer ${sandbox.token(claims)}` } });
  return { status: response.statusCode, body: response.json() as Record<string, any> };
}

describe('role × agent × endpoint', () => {
  for (const [caller, claims] of Object.entries(CALLERS)) {
    describe(caller, () => {
      AGENTS.forEach((agent, index) => {
        const expected = MATRIX[caller]![index]!;
        it(`GET /v1/agents/${agent}/conversations is ${expected}`, async () => {
          const { status, body } = await get(`/v1/agents/${agent}/conversations?limit=2`, claims);
          expect(status).toBe(expected);
          if (expected === 200) expect(body.data.rows.length).toBeGreaterThan(0);
          else expect(body).toMatchObject({ success: false, error: ERROR_OF[expected] });
        });
      });

      it('an agent that does not exist is 404 AGENT_NOT_FOUND', async () => {
        const { status, body } = await get('/v1/agents/no-such-agent/conversations', claims);
        expect(status).toBe(404);
        expect(body.error).toBe('AGENT_NOT_FOUND');
      });

      it('GET /v1/agents lists exactly the agents it may read', async () => {
        const { status, body } = await get('/v1/agents', claims);
        expect(status).toBe(200);
        const readable = AGENTS.filter((_agent, index) => MATRIX[caller]![index] === 200);
        expect(body.data.agents.map((agent: { id: string }) => agent.id).sort()).toEqual([...readable].sort());
      });

      it('GET /v1/connections shows only the connections behind those agents (SUPERADMIN: all)', async () => {
        const { config } = sandbox.world;
        const readable = AGENTS.filter((_agent, index) => MATRIX[caller]![index] === 200);
        const expected =
          claims.role === 'SUPERADMIN'
            ? Object.keys(config.connections)
            : [...new Set(readable.flatMap((agent) => config.agents[agent]!.sources.map((source) => source.connection)))];
        const { status, body } = await get('/v1/connections', claims);
        expect(status).toBe(200);
        expect(body.data.connections.map((connection: { connection: string }) => connection.connection).sort()).toEqual(expected.sort());
      });
    });
  }
});

describe('hasAccess', () => {
  it("follows Tether's own verdict; rows of vendors that give none carry the caller's right to read", async () => {
    const { status, body } = await get('/v1/agents/support-bot/conversations?limit=100&include=raw', CALLERS['ADMIN acme']!);
    expect(status).toBe(200);
    const rows = body.data.rows as { source: string; hasAccess: boolean; raw: { hasAccess?: boolean } }[];
    const tether = rows.filter((row) => row.source === 'tether');
    expect(tether.length).toBeGreaterThan(0);
    for (const row of tether) expect(row.hasAccess).toBe(row.raw.hasAccess);
    for (const row of rows.filter((row) => row.source !== 'tether')) expect(row.hasAccess).toBe(true);
  });

  it('the vendor does say no for some Tether rows', async () => {
    const { body } = await get('/v1/agents/support-bot/conversations?limit=100&sources=tether', CALLERS['ADMIN acme']!);
    const verdicts = new Set((body.data.rows as { hasAccess: boolean }[]).map((row) => row.hasAccess));
    expect(verdicts).toEqual(new Set([true, false]));
  });
});
