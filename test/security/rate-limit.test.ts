import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

let sandbox: SandboxApp;

beforeAll(async () => {
  sandbox = await startSandboxApp({ adjust: (config) => (config.rateLimit = { enabled: true, max: 3, timeWindowMs: 60_000 }) });
});
afterAll(async () => {
  await sandbox.close();
});

const get = (url: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  sandbox.app.inject({ url, headers, remoteAddress });

describe('rate limit per caller', () => {
  it('the request after `max` is a 429 RATE_LIMITED in the envelope, with Retry-After', async () => {
    const headers = { authorization: `Bearer ${sandbox.token({ sub: 'busy-caller' })}` };
    for (let index = 0; index < 3; index += 1) expect((await get('/v1/agents', headers)).statusCode).toBe(200);
    const limited = await get('/v1/agents', headers);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ success: false, error: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    const onConversations = await get('/v1/agents/support-bot/conversations?limit=1', headers);
    expect(onConversations.statusCode).toBe(429);
  });

  it('counts each sub apart, from the same address', async () => {
    for (const sub of ['caller-a', 'caller-b']) {
      const headers = { authorization: `Bearer ${sandbox.token({ sub })}` };
      for (let index = 0; index < 3; index += 1) expect((await get('/v1/agents', headers)).statusCode).toBe(200);
      expect((await get('/v1/agents', headers)).statusCode).toBe(429);
    }
  });

  it('without a valid token, counts per IP, and a flood of bad tokens spends no caller\'s budget', async () => {
    for (let index = 0; index < 3; index += 1) {
      const response = await get('/v1/agents', { authorization: `Bearer forged-${index}` }, '10.0.0.7');
      expect(response.statusCode).toBe(401);
    }
    const limited = await get('/v1/agents', {}, '10.0.0.7');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ success: false, error: 'RATE_LIMITED' });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await get('/v1/agents', {}, '10.0.0.8')).statusCode).toBe(401);
    const fresh = { authorization: `Bearer ${sandbox.token({ sub: 'fresh-caller' })}` };
    expect((await get('/v1/agents', fresh, '10.0.0.7')).statusCode).toBe(200);
  });

  it('/healthz, /readyz and /metrics are exempt', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics']) {
      for (let index = 0; index < 10; index += 1) expect((await get(url, {}, '10.0.0.9')).statusCode).toBe(200);
    }
  });
});

describe('rate limit settings', () => {
  it('enabled: false turns it off', async () => {
    const open = await startSandboxApp({ adjust: (config) => (config.rateLimit = { enabled: false, max: 1, timeWindowMs: 60_000 }) });
    try {
      const headers = { authorization: `Bearer ${open.token()}` };
      for (let index = 0; index < 5; index += 1) expect((await open.app.inject({ url: '/v1/agents', headers })).statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });
});
