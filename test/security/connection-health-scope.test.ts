import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { buildApp } from '../../src/app.js';
import { signToken, type TokenClaims } from '../../src/auth/sign-token.js';
import { startSandboxWorld, type SandboxWorld } from '../../src/sandbox/sandbox-world.js';
import { TEST_NOW, TEST_SECRETS } from '../support/sandbox-app.js';

/** What a vendor's error text may carry about the agent it was asked for: another org's business. */
const GLOBEX_SECRET_TEXT = 'agent Globex-Merger-Desk is over its quota';

interface ConnectionEntry {
  connection: string;
  requests: number;
  failures: number;
  lastError: { message: string } | null;
}

let world: SandboxWorld;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  world = await startSandboxWorld({ modules: adapterModules, seed: 3, now: TEST_NOW, secrets: TEST_SECRETS });
  world.config.rateLimit = { enabled: false, max: 1, timeWindowMs: 1 };
  for (const connection of Object.values(world.config.connections)) {
    connection.cacheTtlMs = 0;
    connection.sharedAcrossOrgs = false;
  }
  world.config.connections.retell!.sharedAcrossOrgs = true;
  world.config.agents['globex-helpdesk']!.sources.push({ connection: 'retell', agentId: 'agent_retell_globex' });
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  app = await buildApp({ config: world.config, adapters: adapterModules, logger: { level: 'warn', stream } });
});
afterAll(async () => {
  await app?.close();
  await world?.close();
});

const token = (claims: Partial<TokenClaims>) => signToken(TEST_SECRETS.jwt, { sub: 'someone', org: 'acme', role: 'ADMIN', ...claims });

async function get(url: string, claims: Partial<TokenClaims>) {
  return app.inject({ url, headers: { authorization: `Bearer ${token(claims)}` } });
}

async function chatdashAs(claims: Partial<TokenClaims>): Promise<{ entry: ConnectionEntry; body: string }> {
  const response = await get('/v1/connections', claims);
  expect(response.statusCode).toBe(200);
  const connections = (response.json() as { data: { connections: ConnectionEntry[] } }).data.connections;
  return { entry: connections.find((connection) => connection.connection === 'chatdash')!, body: response.body };
}

describe('GET /v1/connections on a connection two orgs share', () => {
  it("shows an org only what its own agents' calls saw; SUPERADMIN sees every call", async () => {
    world.simulators.get('chatdash')!.faults.inject({ kind: 'status', status: 500, body: { message: GLOBEX_SECRET_TEXT } }, { times: 10 });
    const globexRead = await get('/v1/agents/globex-helpdesk/conversations?limit=5&sources=chatdash', { org: 'globex' });
    expect(globexRead.statusCode).toBe(502);
    world.simulators.get('chatdash')!.faults.clear();

    const acme = await chatdashAs({ org: 'acme' });
    expect(acme.body).not.toContain('Globex-Merger-Desk');
    expect(acme.entry).toMatchObject({ requests: 0, failures: 0, lastError: null });

    const globex = await chatdashAs({ org: 'globex' });
    expect(globex.entry.failures).toBeGreaterThan(0);
    expect(globex.entry.lastError?.message).toContain('Globex-Merger-Desk');

    const superadmin = await chatdashAs({ org: 'acme', role: 'SUPERADMIN' });
    expect(superadmin.entry.failures).toBe(globex.entry.failures);
    expect(superadmin.entry.lastError?.message).toContain('Globex-Merger-Desk');

    expect((await get('/v1/agents/support-bot/conversations?limit=5&sources=chatdash', { org: 'acme' })).statusCode).toBe(200);
    const acmeAfter = await chatdashAs({ org: 'acme' });
    expect(acmeAfter.entry.requests).toBeGreaterThan(0);
    expect(acmeAfter.entry).toMatchObject({ failures: 0, lastError: null });
    expect((await chatdashAs({ org: 'acme', role: 'SUPERADMIN' })).entry.requests).toBe(acmeAfter.entry.requests + globex.entry.requests);
  });

  it('warns at start-up about every connection that serves agents of several orgs, unless it says sharedAcrossOrgs', () => {
    const warnings = lines.map((line) => JSON.parse(line) as { level: number; msg: string; connection?: string; orgs?: string[] });
    const shared = warnings.filter((entry) => entry.msg.includes('several orgs'));
    expect(shared.map((entry) => [entry.connection, entry.orgs])).toEqual([
      ['chatdash', ['acme', 'globex']],
      ['tether', ['acme', 'globex']],
    ]);
    expect(shared.every((entry) => entry.level === 40)).toBe(true);
  });
});
