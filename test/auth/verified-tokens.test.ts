import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Caller } from '../../src/auth/caller.js';
import { VerifiedTokens } from '../../src/auth/verified-tokens.js';
import { signJwt } from '../support/jwt-keys.js';
import { agentsWith, appWithAuth, CLAIMS } from './auth-app.js';

const SECRET = 'verified-tokens-test-secret-0123456789';
const CALLER: Caller = { sub: 'user-1', org: 'acme', role: 'ADMIN', department: null };

describe('VerifiedTokens', () => {
  const clock = { now: 1_000_000 };
  const tokens = () => new VerifiedTokens({ maxEntries: 2, trustMs: 60_000, maxHeaderLength: 40, now: () => clock.now });

  it('trusts an accepted header until its exp, and forgets it then', () => {
    const verified = tokens();
    verified.remember('Bearer a', CALLER, clock.now / 1000 + 10);
    expect(verified.callerOf('Bearer a')).toEqual(CALLER);
    expect(verified.callerOf('Bearer b')).toBeUndefined();
    clock.now += 9_999;
    expect(verified.callerOf('Bearer a')).toEqual(CALLER);
    clock.now += 1;
    expect(verified.callerOf('Bearer a')).toBeUndefined();
  });

  it('trusts a long-lived token only trustMs before verifying it again', () => {
    const verified = tokens();
    verified.remember('Bearer a', CALLER, clock.now / 1000 + 3600);
    clock.now += 59_999;
    expect(verified.callerOf('Bearer a')).toEqual(CALLER);
    clock.now += 1;
    expect(verified.callerOf('Bearer a')).toBeUndefined();
  });

  it('keeps at most maxEntries headers, none longer than maxHeaderLength, and callers it hands out cannot be changed', () => {
    const verified = tokens();
    const exp = clock.now / 1000 + 3600;
    verified.remember(`Bearer ${'x'.repeat(40)}`, CALLER, exp);
    expect(verified.callerOf(`Bearer ${'x'.repeat(40)}`)).toBeUndefined();
    for (const header of ['Bearer a', 'Bearer b', 'Bearer c']) verified.remember(header, { ...CALLER }, exp);
    expect(verified.callerOf('Bearer a')).toBeUndefined();
    const caller = verified.callerOf('Bearer c')!;
    expect(() => Object.assign(caller, { role: 'SUPERADMIN' })).toThrow(TypeError);
  });
});

describe('a token accepted once', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWithAuth({ mode: 'jwt', secret: SECRET });
  });
  afterAll(() => app.close());
  afterEach(() => vi.useRealTimers());

  it('is refused as expired once its exp has passed, as a token never seen before would be', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = signJwt('HS256', SECRET, { claims: CLAIMS, ttlSeconds: 30 });
    expect((await agentsWith(app, token)).status).toBe(200);
    expect((await agentsWith(app, token)).status).toBe(200);
    vi.setSystemTime(Date.now() + 31_000);
    const { status, body } = await agentsWith(app, token);
    expect(status).toBe(401);
    expect(body.message).toBe('The token has expired');
  });

  it('does not make a forged token with the same claims acceptable', async () => {
    const token = signJwt('HS256', SECRET, { claims: CLAIMS });
    expect((await agentsWith(app, token)).status).toBe(200);
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    expect((await agentsWith(app, forged)).status).toBe(401);
  });
});
