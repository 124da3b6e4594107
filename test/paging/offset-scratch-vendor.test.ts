import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockAgent } from 'undici';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { signToken } from '../../src/auth/sign-token.js';
import { DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, type GatewayConfig } from '../../src/config/gateway-config.js';
import { ADAPTER_CONTRACT_VERSION, asObject, bindingSchemaOf, isoToMs, requireId, stringOrNull, VendorShapeError, type AdapterDefinition, type AdapterModule, type MappedRow } from '../../src/contract/index.js';
import { walkAll } from '../support/walk.js';

/**
 * A vendor written the way a new team would, inside this file only: index paging
 * (`from` / `to`), no agent filter, so a binding is a phone number and a direction. The
 * gateway walks it through the `offset` pagination kind with no edit to `src/`, returns
 * every call of the binding once in the gateway order, and stays exact when calls above
 * the walk go away between pages (offsets shift up; the walk steps back to its anchor).
 */

interface ScratchCall {
  call_id: string;
  created_at: string;
  to: string;
  from: string;
  inbound: boolean;
}

const JWT_SECRET = 'scratch-offset-jwt-secret-0123456789ab';
const ORIGIN = 'http://scratch-offset.test';
const LINE = '+14155550100';
const BASE = Date.UTC(2026, 1, 1);

const scratchAdapter: AdapterDefinition<ScratchCall> = {
  contractVersion: ADAPTER_CONTRACT_VERSION,
  vendor: 'scratch-offset',
  bindingSchema: bindingSchemaOf(
    { phoneNumber: { type: 'string', pattern: '^\\+[0-9]{6,15}$' }, direction: { type: 'string', enum: ['inbound', 'outbound'] } },
    ['phoneNumber', 'direction'],
  ),
  vendorAgentId: (binding) => `${String(binding.phoneNumber)}:${String(binding.direction)}`,
  boundUserIds: () => [],
  pagination: { kind: 'offset', maxPageSize: 10, shortPageEnds: true },
  order: { kind: 'native' },
  buildRequest: (context) => {
    const from = context.position.offset ?? 0;
    const phone = String(context.binding.phoneNumber);
    const query = { from, to: from + context.pageSize, [context.binding.direction === 'inbound' ? 'to_number' : 'from_number']: phone };
    return { method: 'GET', path: '/v1/calls', query, headers: { authorization: context.credential } };
  },
  parsePage: (body) => {
    const calls = asObject(body).calls;
    if (!Array.isArray(calls)) throw new VendorShapeError('no calls array');
    return { records: calls };
  },
  nativeKey: (call) => isoToMs(call.created_at),
  mapRow: (call): MappedRow => ({
    conversationId: requireId(call, 'call_id'),
    contactId: null,
    contactName: null,
    contactEmail: null,
    contactPhone: stringOrNull(call.inbound ? call.from : call.to),
    channelType: 'voice',
    conversationState: 'resolved',
    startedAt: null,
    endedAt: null,
    lastActivityAt: stringOrNull(call.created_at),
    lastMessagePreview: null,
    messageCount: null,
    durationSec: null,
    summary: null,
    successful: null,
    rating: null,
    tags: [],
    assignees: [],
    cost: null,
    language: null,
    direction: call.inbound ? 'inbound' : 'outbound',
    hasAccess: null,
  }),
  describeError: (_status, body) => ({ message: stringOrNull(asObject(body).message) }),
  detail: { unsupported: 'the scratch vendor documents no single-call read' },
};

const scratchModule: AdapterModule = {
  adapter: scratchAdapter,
  createSimulator: () => {
    throw new Error('the scratch vendor is served by MockAgent in this test');
  },
  sandboxBinding: () => ({ phoneNumber: LINE, direction: 'inbound' }),
};

/** The vendor's calls, newest first; every third is outbound, some from other lines. */
let calls: ScratchCall[] = [];
const reset = () => {
  calls = Array.from({ length: 57 }, (_, index) => ({
    call_id: `call-${String(index).padStart(3, '0')}`,
    // Pairs of equal times: ties the gateway orders by id.
    created_at: new Date(BASE - Math.floor(index / 2) * 60_000).toISOString(),
    to: index % 5 === 4 ? '+14155550199' : LINE,
    from: `+1212555${String(1000 + index)}`,
    inbound: index % 3 !== 2,
  }));
};

function serve(path: string): unknown {
  const query = new URL(path, ORIGIN).searchParams;
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  const line = query.get('to_number');
  const mine = calls.filter((call) => call.inbound && call.to === line);
  return { calls: mine.slice(from, to) };
}

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
      .reply((request) => ({ statusCode: 200, data: JSON.stringify(serve(request.path)) }))
      .persist();
    const config: GatewayConfig = {
      server: { host: '127.0.0.1', port: 0 },
      auth: { mode: 'jwt', secret: JWT_SECRET },
      cursor: { secrets: ['scratch-offset-cursor-secret-0123456789'], ttlSeconds: 3_600 },
      limits: { ...DEFAULT_LIMITS, countCacheTtlMs: 0 },
      rateLimit: { ...DEFAULT_RATE_LIMIT, enabled: false },
      connections: { scratch: { adapter: 'scratch-offset', baseUrl: ORIGIN, apiKey: 'scratch-key-0000', retries: 0, cacheTtlMs: 0 } },
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
