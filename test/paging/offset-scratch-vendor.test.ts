import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockAgent } from 'undici';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { signToken } from '../../src/auth/sign-token.js';
import { DEFAULT_CONNECTION, DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, type GatewayConfig } from '../../src/config/gateway-config.js';
import { SCRATCH_LINE, scratchCalls, scratchModule, serveScratch, type ScratchCall } from '../support/scratch-offset-vendor.js';
import { walkAll } from '../support/walk.js';

/**
 * A vendor written the way a new team would, in test code only (`scratch-offset-vendor.ts`):
 * index paging (`from` / `to`), no agent filter, a phone number and a direction as its
 * binding. The gateway walks it through the `offset` pagination kind with no edit to `src/`, returns
 * every call of the binding once in the gateway order, and stays exact when calls above
 * the walk go away between pages (offsets shift up; the walk steps back to its anchor).
 */

const JWT_SECRET = 'scratch-offset-jwt-secret-0123456789ab';
const ORIGIN = 'http://scratch-offset.test';
const LINE = SCRATCH_LINE;

let calls: ScratchCall[] = [];
const reset = () => {
  calls = scratchCalls(57);
};

const expectedIds = () =>
  calls
    .filter((call) => call.inbound && call.to === LINE)
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || (a.call_id < b.call_id ? -1 : 1))
    .map((call) => `scratch:${call.call_id}`);

describe('a scratch vendor with offset paging and a phone binding, through the gateway', () => {
  let app: FastifyInstance;
  let dispatcher: MockAgent;
  const token = signToken(JWT_SECRET, { sub: 'scratch', org: 'acme', role: 'ADMIN' });

  beforeAll(async () => {
    dispatcher = new MockAgent();
    dispatcher.disableNetConnect();
    dispatcher
      .get(ORIGIN)
      .intercept({ path: () => true, method: 'GET' })
      .reply((request) => ({ statusCode: 200, data: JSON.stringify(serveScratch(calls, request.path)) }))
      .persist();
    const config: GatewayConfig = {
      server: { host: '127.0.0.1', port: 0 },
      auth: { mode: 'jwt', secret: JWT_SECRET },
      cursor: { secrets: ['scratch-offset-cursor-secret-0123456789'], ttlSeconds: 3_600 },
      limits: { ...DEFAULT_LIMITS, countCacheTtlMs: 0 },
      rateLimit: { ...DEFAULT_RATE_LIMIT, enabled: false },
      connections: { scratch: { ...DEFAULT_CONNECTION, adapter: 'scratch-offset', baseUrl: ORIGIN, apiKey: 'scratch-key-0000', retries: 0, cacheTtlMs: 0 } },
      agents: { 'phone-line': { name: 'Phone line', org: 'acme', sources: [{ connection: 'scratch', phoneNumber: LINE, direction: 'inbound' }] } },
    };
    app = await buildApp({ config, adapters: [scratchModule], dispatcher });
  });

  afterAll(async () => {
    await app.close();
    await dispatcher.close();
  });

  it('returns every inbound call of the line once, in the gateway order, page after page', async () => {
    reset();
    const walk = await walkAll(app, token, 'phone-line', { limit: '4' });
    expect(walk.pages.length).toBeGreaterThan(5);
    expect(walk.rows.map((row) => row.id)).toEqual(expectedIds());
  });

  it('stays exact when calls it already sent go away between pages (offsets shift up)', async () => {
    reset();
    const all = expectedIds();
    let removed = 0;
    const walk = await walkAll(app, token, 'phone-line', { limit: '4' }, () => {
      // The newest call still at the vendor (sent already: one goes per page of four) goes, and every later call moves up one place.
      const gone = calls.findIndex((call) => call.inbound && call.to === LINE);
      calls.splice(gone, 1);
      removed += 1;
    });
    expect(removed).toBeGreaterThan(5);
    expect(walk.rows.map((row) => row.id)).toEqual(all);
  });
});
