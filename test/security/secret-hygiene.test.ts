import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { buildApp } from '../../src/app.js';
import { signToken } from '../../src/auth/sign-token.js';
import { startSandboxWorld, type SandboxWorld } from '../../src/sandbox/sandbox-world.js';
import { TEST_NOW } from '../support/sandbox-app.js';

/** Shaped like nothing a generic credential pattern would catch: only the configured values can find them. */
const SECRETS = { jwt: 'correct horse battery staple for jwt', cursor: 'tr0ub4dor and three for cursors' };

let world: SandboxWorld;
let app: FastifyInstance;
const lines: string[] = [];
const answers: string[] = [];
let vendorKeys: string[] = [];
let admin: string;

beforeAll(async () => {
  world = await startSandboxWorld({ modules: adapterModules, seed: 5, now: TEST_NOW, secrets: SECRETS });
  for (const connection of Object.values(world.config.connections)) connection.cacheTtlMs = 0;
  world.config.rateLimit = { enabled: false, max: 1, timeWindowMs: 1 };
  vendorKeys = Object.values(world.config.connections).map((connection) => connection.apiKey!);
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  app = await buildApp({ config: world.config, adapters: adapterModules, logger: { level: 'trace', stream } });
  admin = signToken(SECRETS.jwt, { sub: 'auditor', org: 'acme', role: 'SUPERADMIN' });
});
afterAll(async () => {
  await app?.close();
  await world?.close();
});

function everySecret(): string[] {
  return [SECRETS.jwt, SECRETS.cursor, ...vendorKeys];
}

/** Vendor error bodies that echo the vendor key and the gateway's own secrets back, on every vendor but `spared`. */
function injectEchoingFaults(times: number, spared?: string): void {
  for (const [name, simulator] of world.simulators) {
    if (name === spared) continue;
    const key = world.config.connections[name]!.apiKey!;
    const echo = `invalid credential ${key} (jwt ${SECRETS.jwt}, cursor ${SECRETS.cursor}) Authorization: Bearer ${key}`;
    simulator.faults.inject({ kind: 'status', status: 500, body: { message: echo, detail: echo, error: echo } }, { times });
    simulator.faults.inject({ kind: 'status', status: 401, body: `unauthorized: ${echo}` }, { times });
  }
}

async function call(url: string, token = admin): Promise<LightMyRequestResponse> {
  const response = await app.inject({ url, headers: { authorization: `Bearer ${token}`, 'x-api-key': vendorKeys[0]! } });
  answers.push(`${response.statusCode} ${JSON.stringify(response.headers)} ${response.body}`);
  return response;
}

describe('no configured secret or vendor key leaves the gateway', () => {
  it('runs walks, strict requests and operations endpoints while every vendor echoes secrets in its errors', async () => {
    const names = [...world.simulators.keys()];
    for (let round = 0; round < 3; round += 1) {
      let cursor: string | null = null;
      for (let page = 0; page < 4; page += 1) {
        injectEchoingFaults(1, names[(round + page) % names.length]);
        const response = await call(`/v1/agents/support-bot/conversations?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect([200, 502]).toContain(response.statusCode);
        cursor = response.statusCode === 200 ? (response.json().data.pagination.nextCursor as string | null) : null;
        if (!cursor) break;
      }
      injectEchoingFaults(1, 'tether');
      expect((await call('/v1/agents/support-bot/conversations?limit=5&strict=true')).statusCode).toBe(502);
      injectEchoingFaults(20);
      expect((await call('/v1/agents/globex-helpdesk/conversations?limit=5')).statusCode).toBe(502);
      for (const simulator of world.simulators.values()) simulator.faults.clear();
      await call('/v1/connections');
      await call('/v1/agents');
      await call('/metrics');
      await call('/v1/agents/support-bot/conversations?limit=1', 'forged.token.value');
    }
    const pages = answers.filter((answer) => answer.startsWith('200 ') && answer.includes('"partial":true'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.join('\n')).toContain('[redacted]');
  });

  it('log lines never carry the Authorization header or a configured secret, even when code logs them', () => {
    app.log.info({ req: { headers: { authorization: `Bearer ${admin}`, 'x-api-key': vendorKeys[0] } } }, 'headers of a request');
    app.log.warn(`a careless message quoting ${SECRETS.jwt} and ${vendorKeys[1]}`);
    app.log.error({ err: new Error(`vendor said ${vendorKeys[2]}`) }, 'failure');
    expect(lines.length).toBeGreaterThan(20);
    const log = lines.join('');
    expect(log).toContain('[redacted]');
    expect(log).not.toContain(admin);
  });

  it('no response body, response header or log line contains any of them', () => {
    expect(answers.length).toBeGreaterThan(20);
    const everything = [...answers, ...lines];
    for (const secret of everySecret()) {
      const leaks = everything.filter((text) => text.includes(secret));
      expect(leaks.map((text) => text.slice(0, 300)), `leaked ${secret.slice(0, 12)}…`).toEqual([]);
    }
  });

  it('vendor error text on a source is short', () => {
    // Pages only: `"partial":` is a key of their JSON (the metrics text has outcome="partial").
    for (const answer of answers.filter((text) => text.startsWith('200 ') && text.includes('"partial":'))) {
      const body = JSON.parse(answer.slice(answer.indexOf('} ') + 2)) as { data?: { sources?: { error?: { message: string } }[] } };
      for (const source of body.data?.sources ?? []) {
        if (source.error) expect(source.error.message.length).toBeLessThanOrEqual(400);
      }
    }
  });
});
