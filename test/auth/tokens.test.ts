import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecKeyPair, rsaKeyPair, signJwt } from '../support/jwt-keys.js';
import { agentsWith, appWithAuth, CLAIMS } from './auth-app.js';

const SECRET = 'tokens-test-hmac-secret-0123456789';
const rsa = rsaKeyPair('rsa-1');
const ec = ecKeyPair('ec-1');
const stranger = rsaKeyPair('rsa-1');

async function expectUnauthorized(app: FastifyInstance, token: string | undefined) {
  const { status, body } = await agentsWith(app, token);
  expect(status).toBe(401);
  expect(body).toMatchObject({ success: false, error: 'UNAUTHORIZED' });
  expect(typeof body.message).toBe('string');
}

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('HS256 secret', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWithAuth({ mode: 'jwt', secret: SECRET, issuer: 'https://issuer.test', audience: 'gateway' });
  });
  afterAll(() => app.close());
  const good = { ...CLAIMS, iss: 'https://issuer.test', aud: 'gateway' };

  it('accepts a token with the right issuer and audience', async () => {
    expect((await agentsWith(app, signJwt('HS256', SECRET, { claims: good }))).status).toBe(200);
  });

  it('refuses missing, malformed, forged, expired, wrong-issuer, wrong-audience and unsigned tokens', async () => {
    const { iss: _iss, ...withoutIssuer } = good;
    for (const token of [
      undefined,
      '',
      'garbage',
      'a.b.c',
      signJwt('HS256', 'another-secret-0123456789abcdef', { claims: good }),
      signJwt('HS256', SECRET, { claims: good, ttlSeconds: -60 }),
      signJwt('HS256', SECRET, { claims: { ...good, iss: 'https://evil.test' } }),
      signJwt('HS256', SECRET, { claims: withoutIssuer }),
      signJwt('HS256', SECRET, { claims: { ...good, aud: 'someone-else' } }),
      signJwt('none', null, { claims: good }),
      signJwt('HS512', SECRET, { claims: good }),
      signJwt('RS256', rsa.privateKey, { claims: good }),
    ]) {
      await expectUnauthorized(app, token);
    }
  });

  it('refuses tokens whose claims are not a caller of ours', async () => {
    for (const claims of [
      { ...good, sub: '' },
      { ...good, role: 'ROOT' },
      { ...good, org: undefined },
      { ...good, org: 'x'.repeat(300) },
      { ...good, department: 42 },
    ]) {
      await expectUnauthorized(app, signJwt('HS256', SECRET, { claims }));
    }
  });

  it('a bare or non-bearer Authorization header is a 401 too', async () => {
    for (const authorization of ['Bearer', 'Basic dXNlcjpwYXNz', `Token ${signJwt('HS256', SECRET, { claims: good })}`]) {
      const response = await app.inject({ url: '/v1/agents', headers: { authorization } });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ success: false, error: 'UNAUTHORIZED' });
    }
  });
});

describe('RS256 and ES256 public keys', () => {
  it('RS256: the key pair verifies, another pair and an HS256 token made with the public key do not', async () => {
    const app = await appWithAuth({ mode: 'jwt', publicKey: rsa.publicPem });
    try {
      expect((await agentsWith(app, signJwt('RS256', rsa.privateKey, { claims: CLAIMS }))).status).toBe(200);
      await expectUnauthorized(app, signJwt('RS256', stranger.privateKey, { claims: CLAIMS }));
      // Algorithm confusion: the public key used as an HMAC secret.
      await expectUnauthorized(app, signJwt('HS256', rsa.publicPem, { claims: CLAIMS }));
      await expectUnauthorized(app, signJwt('none', null, { claims: CLAIMS }));
      await expectUnauthorized(app, signJwt('RS256', rsa.privateKey, { claims: CLAIMS, ttlSeconds: -5 }));
    } finally {
      await app.close();
    }
  });

  it('ES256: the key pair verifies; an RS256 token does not', async () => {
    const app = await appWithAuth({ mode: 'jwt', publicKey: ec.publicPem });
    try {
      expect((await agentsWith(app, signJwt('ES256', ec.privateKey, { claims: CLAIMS }))).status).toBe(200);
      await expectUnauthorized(app, signJwt('RS256', rsa.privateKey, { claims: CLAIMS }));
      await expectUnauthorized(app, signJwt('ES256', ecKeyPair('other').privateKey, { claims: CLAIMS }));
    } finally {
      await app.close();
    }
  });

  it('an algorithms allow-list narrower than the key refuses the others', async () => {
    const app = await appWithAuth({ mode: 'jwt', publicKey: rsa.publicPem, algorithms: ['PS256'] });
    try {
      await expectUnauthorized(app, signJwt('RS256', rsa.privateKey, { claims: CLAIMS }));
    } finally {
      await app.close();
    }
  });
});

describe('JWKS', () => {
  let jwks: { server: Server; url: string };
  let fetches = 0;
  let app: FastifyInstance;

  beforeAll(async () => {
    jwks = await listen((request, response) => {
      fetches += 1;
      if (request.url !== '/keys/jwks.json') return void response.writeHead(404).end('{}');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [rsa.jwk, ec.jwk] }));
    });
    app = await appWithAuth({ mode: 'jwt', jwksUrl: `${jwks.url}/keys/jwks.json`, issuer: 'https://issuer.test' });
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => jwks.server.close(resolve));
  });
  const claims = { ...CLAIMS, iss: 'https://issuer.test' };

  it('verifies RS256 and ES256 tokens by kid and caches the keys', async () => {
    const rsToken = signJwt('RS256', rsa.privateKey, { header: { kid: 'rsa-1' }, claims });
    const esToken = signJwt('ES256', ec.privateKey, { header: { kid: 'ec-1' }, claims });
    for (let round = 0; round < 3; round += 1) {
      expect((await agentsWith(app, rsToken)).status).toBe(200);
      expect((await agentsWith(app, esToken)).status).toBe(200);
    }
    expect(fetches).toBe(2);
  });

  it('refuses an unknown kid, a key not in the set, a wrong issuer and an HS256 token', async () => {
    await expectUnauthorized(app, signJwt('RS256', rsa.privateKey, { header: { kid: 'nobody' }, claims }));
    await expectUnauthorized(app, signJwt('RS256', stranger.privateKey, { header: { kid: 'rsa-1' }, claims }));
    await expectUnauthorized(app, signJwt('RS256', rsa.privateKey, { header: { kid: 'rsa-1' }, claims: { ...claims, iss: 'https://evil.test' } }));
    await expectUnauthorized(app, signJwt('HS256', 'whatever-secret-0123456789', { header: { kid: 'rsa-1' }, claims }));
    await expectUnauthorized(app, signJwt('RS256', rsa.privateKey, { header: { kid: 42 }, claims }));
  });

  it('a flood of random kids does not become a flood of JWKS fetches', async () => {
    const before = fetches;
    for (let index = 0; index < 40; index += 1) {
      await expectUnauthorized(app, signJwt('RS256', rsa.privateKey, { header: { kid: `random-${index}` }, claims }));
    }
    expect(fetches - before).toBeLessThanOrEqual(10);
  });

  it('an unreachable JWKS endpoint is a 401, never a 500', async () => {
    const down = await listen(() => undefined);
    await new Promise((resolve) => down.server.close(resolve));
    const unreachable = await appWithAuth({ mode: 'jwt', jwksUrl: `${down.url}/jwks.json` });
    try {
      await expectUnauthorized(unreachable, signJwt('RS256', rsa.privateKey, { header: { kid: 'rsa-1' }, claims: CLAIMS }));
    } finally {
      await unreachable.close();
    }
  });

  it('a JWKS endpoint that answers too slowly, or with an error, is a 401', async () => {
    const slow = await listen(() => undefined);
    const failing = await listen((_request, response) => void response.writeHead(500).end('{"error":"boom"}'));
    const slowApp = await appWithAuth({ mode: 'jwt', jwksUrl: `${slow.url}/jwks.json`, jwksTimeoutMs: 200 });
    const failingApp = await appWithAuth({ mode: 'jwt', jwksUrl: `${failing.url}/jwks.json` });
    try {
      const token = signJwt('RS256', rsa.privateKey, { header: { kid: 'rsa-1' }, claims: CLAIMS });
      const started = Date.now();
      await expectUnauthorized(slowApp, token);
      expect(Date.now() - started).toBeLessThan(2_000);
      await expectUnauthorized(failingApp, token);
    } finally {
      await slowApp.close();
      await failingApp.close();
      slow.server.closeAllConnections();
      await new Promise((resolve) => slow.server.close(resolve));
      await new Promise((resolve) => failing.server.close(resolve));
    }
  });
});

describe('token lifetime: exp required, bounded, iat not in the future', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const YEAR = 365 * 86_400;
  let app: FastifyInstance;
  let strict: FastifyInstance;
  beforeAll(async () => {
    app = await appWithAuth({ mode: 'jwt', secret: SECRET });
    strict = await appWithAuth({ mode: 'jwt', secret: SECRET, maxTokenAgeSeconds: 600, clockSkewSeconds: 5 });
  });
  afterAll(async () => {
    await app.close();
    await strict.close();
  });

  it('refuses a token that never expires, expires in year 9999, or claims to be issued a year from now', async () => {
    for (const claims of [
      { ...CLAIMS, exp: undefined },
      { ...CLAIMS, exp: undefined, iat: undefined },
      { ...CLAIMS, exp: 253_402_300_799 },
      { ...CLAIMS, iat: undefined, exp: 253_402_300_799 },
      { ...CLAIMS, iat: now() + YEAR, exp: now() + YEAR + 3600 },
      { ...CLAIMS, iat: now() + 3600, exp: now() + 7200 },
      { ...CLAIMS, iat: now(), exp: now() + 86_400 + 60 },
      { ...CLAIMS, iat: undefined, exp: now() + 2 * 86_400 },
      { ...CLAIMS, iat: 'yesterday' },
    ]) {
      await expectUnauthorized(app, signJwt('HS256', SECRET, { claims }));
    }
  });

  it('accepts tokens up to 24 h long, with or without iat, and an iat a little ahead of our clock', async () => {
    for (const claims of [
      { ...CLAIMS, iat: now(), exp: now() + 86_400 },
      { ...CLAIMS, iat: undefined, exp: now() + 3600 },
      { ...CLAIMS, iat: now() + 30, exp: now() + 3600 },
    ]) {
      expect((await agentsWith(app, signJwt('HS256', SECRET, { claims }))).status).toBe(200);
    }
  });

  it('follows auth.maxTokenAgeSeconds and auth.clockSkewSeconds', async () => {
    expect((await agentsWith(strict, signJwt('HS256', SECRET, { claims: CLAIMS, ttlSeconds: 600 }))).status).toBe(200);
    await expectUnauthorized(strict, signJwt('HS256', SECRET, { claims: CLAIMS, ttlSeconds: 3600 }));
    await expectUnauthorized(strict, signJwt('HS256', SECRET, { claims: { ...CLAIMS, iat: now() + 30, exp: now() + 300 } }));
  });

  it('says why in the 401', async () => {
    const { body } = await agentsWith(app, signJwt('HS256', SECRET, { claims: { ...CLAIMS, exp: undefined } }));
    expect(body.message).toMatch(/exp/);
  });
});

describe('JWKS key rotation while another address floods random kids', () => {
  const current = rsaKeyPair('rotation-1');
  const published = rsaKeyPair('rotation-2');
  const keys: Record<string, unknown>[] = [current.jwk];
  let jwks: { server: Server; url: string };
  let fetches = 0;
  let app: FastifyInstance;
  beforeAll(async () => {
    jwks = await listen((_request, response) => {
      fetches += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    app = await appWithAuth({ mode: 'jwt', jwksUrl: `${jwks.url}/jwks.json` });
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => jwks.server.close(resolve));
  });

  const asAddress = async (remoteAddress: string, token: string) =>
    (await app.inject({ url: '/v1/agents', remoteAddress, headers: { authorization: `Bearer ${token}` } })).statusCode;

  it('a newly published key is accepted for a caller at another address; the flooding address stays capped', async () => {
    const attacker = '203.0.113.66';
    const flood = async (round: number) => {
      for (let index = 0; index < 25; index += 1) {
        const token = signJwt('RS256', current.privateKey, { header: { kid: `random-${round}-${index}` }, claims: CLAIMS });
        expect(await asAddress(attacker, token)).toBe(401);
      }
    };
    await flood(0);
    const afterFirstFlood = fetches;
    expect(afterFirstFlood).toBeLessThanOrEqual(10);

    keys.push(published.jwk);
    await flood(1);
    const legitimate = signJwt('RS256', published.privateKey, { header: { kid: 'rotation-2' }, claims: CLAIMS });
    expect(await asAddress('198.51.100.20', legitimate)).toBe(200);
    expect(await asAddress('2001:db8:1:2::20', legitimate)).toBe(200);
    // The flooding address got no look-up beyond its budget in this window.
    expect(fetches - afterFirstFlood).toBeLessThanOrEqual(1);
  });

  it('an IPv6 flood is budgeted per /64, not per address', async () => {
    const before = fetches;
    for (let index = 0; index < 25; index += 1) {
      const token = signJwt('RS256', current.privateKey, { header: { kid: `v6-${index}` }, claims: CLAIMS });
      expect(await asAddress(`2001:db8:dead:beef::${index.toString(16)}`, token)).toBe(401);
    }
    expect(fetches - before).toBeLessThanOrEqual(10);
  });
});
