import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, type TokenClaims } from '../../src/auth/sign-token.js';
import { ERROR_TABLE } from '../../src/errors.js';
import { startSandboxApp, TEST_SECRETS, type SandboxApp } from '../support/sandbox-app.js';

/** Cases per property; the report of issue 4 quotes their sum. */
export const FUZZ_RUNS = { queries: 1200, paths: 1000, headers: 800 } as const;

/**
 * A property of 1,000-odd requests, many of them whole walks over the simulators, takes
 * well over vitest's default 30 s on a busy machine when the file runs alone and cold.
 */
const PROPERTY_TIMEOUT_MS = 180_000;

let sandbox: SandboxApp;
let token: string;

beforeAll(async () => {
  sandbox = await startSandboxApp();
  token = sandbox.token();
});
afterAll(async () => {
  await sandbox.close();
});

const printable = fc.string({ unit: fc.constantFrom(...' !"#$%&\'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~'.split('')), maxLength: 40 });
const anyText = fc.oneof(printable, fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ maxLength: 5000 }), fc.constant(''));

/** Everything a caller could put in one query value, valid or not. */
const queryValue = fc.oneof(
  anyText,
  fc.integer({ min: -1_000, max: 1_000 }).map(String),
  fc.double().map(String),
  fc.constantFrom('true', 'false', 'voice,sms', 'resolved', 'raw,summary', 'tether', '2026-05-01T00:00:00Z', '2026-13-45T99:99:99Z', 'null', '[]', '{}', '%', '%zz', '%00', ',,,', 'a'.repeat(9000)),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);
const queryKey = fc.oneof(
  fc.constantFrom('limit', 'cursor', 'since', 'until', 'channel', 'state', 'sources', 'q', 'minDurationSec', 'maxDurationSec', 'successful', 'minRating', 'maxRating', 'tags', 'include', 'strict'),
  printable,
  fc.constantFrom('__proto__', 'constructor', 'toString', 'limit[]', 'q[a]', 'a.b'),
);
/** Pairs joined raw or percent-encoded: raw lets `%`, `&` and `#` through as a hostile client would. */
const queryString = fc
  .array(fc.tuple(queryKey, queryValue, fc.boolean()), { maxLength: 6 })
  .map((pairs) => pairs.map(([key, value, raw]) => (raw ? `${key}=${value}` : `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)).join('&'));

const AGENT_IDS = ['support-bot', 'sales-bot', 'globex-helpdesk', 'no-such-agent'];
const segment = fc.oneof(fc.constantFrom(...AGENT_IDS), printable.map(encodeURIComponent), printable, fc.constantFrom('..', '.', '%', '%E0%A4%A', '%00', 'a'.repeat(70), 'a'.repeat(250), ''));
const path = fc.oneof(
  segment.map((id) => `/v1/agents/${id}/conversations`),
  fc.constantFrom('/v1/agents', '/v1/connections', '/v1/monitor/stalled', '/healthz', '/readyz', '/metrics', '/openapi.json', '/docs/', '/v1', '/', '//v1//agents', '/v1/agents/', '/V1/AGENTS'),
  fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
);

/** Mostly plausible claims (so roles and scoping are reached), sometimes anything at all. */
const mostly = <T>(plausible: fc.Arbitrary<T>, other: fc.Arbitrary<T>) => fc.oneof({ arbitrary: plausible, weight: 4 }, { arbitrary: other, weight: 1 });
const claims = fc.record(
  {
    sub: mostly(fc.constant('fuzzer'), anyText),
    org: mostly(fc.constantFrom('acme', 'globex'), anyText),
    role: mostly(fc.constantFrom('SUPERADMIN', 'ADMIN', 'DEPARTMENT_HEAD', 'AGENT'), anyText),
    department: mostly(fc.constantFrom('support', 'sales'), anyText),
  },
  { requiredKeys: ['role'] },
);
const authorization = fc.oneof(
  fc.constant(undefined),
  fc.constant('valid'),
  { arbitrary: claims.map((fields) => `Bearer ${signToken(TEST_SECRETS.jwt, fields as unknown as TokenClaims)}`), weight: 4 },
  fc.constantFrom('Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', 'Bearer a.b.c', 'Bearer ...', `Bearer ${'x'.repeat(4000)}`),
  printable.map((text) => `Bearer ${text}`),
);
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,24}$/).filter((name) => !['host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade'].includes(name));
const headerValue = fc.oneof(printable.map((text) => text.trim()), fc.constantFrom('application/json', 'text/plain', '*/*', 'gzip, br', 'x'.repeat(3000)));
const extraHeaders = fc.dictionary(headerName, headerValue, { maxKeys: 5 });
const method = fc.constantFrom('GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS', 'PUT');

interface Case {
  method: string;
  url: string;
  authorization: string | undefined;
  headers: Record<string, string>;
  payload?: string;
}

/** Checks one answer; counts its status in `seen`, so a generator that only ever produces 400s is noticed. */
async function expectWellFormedAnswer(request: Case, seen: Map<number, number>): Promise<void> {
  // light-my-request builds a WHATWG URL first; a path it cannot build (`/\\x`) never reaches the app.
  fc.pre(URL.canParse(request.url, 'http://localhost'));
  const headers: Record<string, string> = { ...request.headers };
  if (request.authorization !== undefined) headers.authorization = request.authorization === 'valid' ? `Bearer ${token}` : request.authorization;
  const response = await sandbox.app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers,
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
  seen.set(response.statusCode, (seen.get(response.statusCode) ?? 0) + 1);
  const where = `${request.method} ${request.url.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
  expect(response.statusCode, where).toBeLessThan(500);
  expect(response.headers['x-content-type-options'], where).toBe('nosniff');
  if (response.statusCode >= 400 && request.method !== 'HEAD') {
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(Object.keys(body).sort(), where).toEqual(['error', 'message', 'success']);
    expect(body.success, where).toBe(false);
    expect(Object.keys(ERROR_TABLE), where).toContain(body.error);
    expect(ERROR_TABLE[body.error as keyof typeof ERROR_TABLE].status, where).toBe(response.statusCode);
    expect(typeof body.message, where).toBe('string');
  }
}

/** Each property counts the statuses it reached itself: no test reads another's leftovers. */
function expectReached(seen: Map<number, number>, statuses: number[]): void {
  console.info(`fuzz statuses: ${JSON.stringify([...seen].sort())}`);
  for (const status of statuses) expect(seen.get(status) ?? 0, `status ${status}: ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
}

describe('fuzz: nothing a client sends yields a 5xx, and every error is the one envelope', () => {
  it(`query strings on the conversations endpoint (${FUZZ_RUNS.queries} cases) reach 200, 400 and 404`, async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...AGENT_IDS), queryString, async (agentId, query) => {
        await expectWellFormedAnswer({ method: 'GET', url: `/v1/agents/${agentId}/conversations?${query}`, authorization: 'valid', headers: {} }, seen);
      }),
      { numRuns: FUZZ_RUNS.queries },
    );
    expectReached(seen, [200, 400, 404]);
  }, PROPERTY_TIMEOUT_MS);

  it(`paths and methods, with query strings (${FUZZ_RUNS.paths} cases) reach 200, 400 and 404`, async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(method, path, fc.option(queryString, { nil: undefined }), fc.option(anyText, { nil: undefined }), async (verb, url, query, payload) => {
        const withBody = verb !== 'GET' && verb !== 'HEAD' && payload !== undefined;
        await expectWellFormedAnswer(
          {
            method: verb,
            url: query === undefined ? url : `${url}?${query}`,
            authorization: 'valid',
            headers: withBody ? { 'content-type': 'application/json' } : {},
            ...(withBody ? { payload } : {}),
          },
          seen,
        );
      }),
      { numRuns: FUZZ_RUNS.paths },
    );
    expectReached(seen, [200, 400, 404]);
  }, PROPERTY_TIMEOUT_MS);

  it(`headers and tokens (${FUZZ_RUNS.headers} cases) reach 200, 401 and 403`, async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/agents', '/v1/connections', '/v1/agents/support-bot/conversations?limit=1', '/v1/agents/globex-helpdesk/conversations?limit=1', '/healthz'),
        authorization,
        extraHeaders,
        async (url, auth, headers) => {
          await expectWellFormedAnswer({ method: 'GET', url, authorization: auth, headers }, seen);
        },
      ),
      { numRuns: FUZZ_RUNS.headers },
    );
    expectReached(seen, [200, 401, 403]);
  }, PROPERTY_TIMEOUT_MS);
});
