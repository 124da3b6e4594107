import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

let sandbox: SandboxApp;
let auth: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandboxApp();
  auth = { authorization: `Bearer ${sandbox.token()}` };
});
afterAll(async () => {
  await sandbox.close();
});

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

describe('security headers', () => {
  const cases: [string, number, Record<string, string>?][] = [
    ['/v1/agents', 200],
    ['/v1/agents/support-bot/conversations?limit=1', 200],
    ['/v1/agents/support-bot/conversations?limit=0', 400],
    ['/v1/agents/no-such-agent/conversations', 404],
    ['/v1/agents/%E0%A4%A/conversations', 400],
    ['/nowhere', 404],
    ['/healthz', 200],
    ['/openapi.json', 200],
  ];
  for (const [url, status] of cases) {
    it(`${url} (${status})`, async () => {
      const response = await sandbox.app.inject({ url, headers: auth });
      expect(response.statusCode).toBe(status);
      expect(response.headers).toMatchObject(SECURITY_HEADERS);
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      if (url.startsWith('/v1/')) expect(response.headers['cache-control']).toBe('no-store');
    });
  }

  it('on a 401 without a token as well', async () => {
    const response = await sandbox.app.inject({ url: '/v1/agents' });
    expect(response.statusCode).toBe(401);
    expect(response.headers).toMatchObject({ ...SECURITY_HEADERS, 'cache-control': 'no-store' });
  });

  it('/docs keeps the security headers but no content policy that would block its assets', async () => {
    const response = await sandbox.app.inject({ url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject(SECURITY_HEADERS);
    expect(response.headers['content-security-policy']).toBeUndefined();
  });
});

describe('unknown query parameters are a 400 on every route', () => {
  for (const url of ['/v1/agents?x=1', '/v1/connections?debug=true', '/v1/agents/support-bot/conversations?limit=1&admin=1', '/healthz?x', '/readyz?x=1', '/openapi.json?x=1']) {
    it(url, async () => {
      const response = await sandbox.app.inject({ url, headers: auth });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ success: false, error: 'BAD_REQUEST' });
    });
  }

  it('a repeated parameter is a 400, not a silent pick', async () => {
    const response = await sandbox.app.inject({ url: '/v1/agents/support-bot/conversations?limit=1&limit=2', headers: auth });
    expect(response.statusCode).toBe(400);
  });
});

describe('bounded input', () => {
  it('an agent id past its pattern or the path-parameter cap is a 400', async () => {
    for (const id of ['a'.repeat(65), 'a'.repeat(300), '-leading-dash', 'has space', 'dot..'.repeat(20)]) {
      const response = await sandbox.app.inject({ url: `/v1/agents/${encodeURIComponent(id)}/conversations`, headers: auth });
      expect(response.statusCode, id).toBe(400);
      expect(response.json()).toMatchObject({ success: false, error: 'BAD_REQUEST' });
    }
  });

  it('q, lists and cursor have upper bounds', async () => {
    for (const query of [`q=${'x'.repeat(201)}`, `tags=${'t,'.repeat(600)}t`, `cursor=${'c'.repeat(8193)}`, `channel=${'voice,'.repeat(300)}voice`]) {
      const response = await sandbox.app.inject({ url: `/v1/agents/support-bot/conversations?${query}`, headers: auth });
      expect(response.statusCode, query.slice(0, 20)).toBe(400);
    }
  });

  it('a body over 16 KiB is a 413 PAYLOAD_TOO_LARGE in the envelope', async () => {
    const response = await sandbox.app.inject({
      method: 'POST',
      url: '/v1/agents',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ pad: 'x'.repeat(20_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ success: false, error: 'PAYLOAD_TOO_LARGE' });
  });

  it('headers over 16 KiB on a real socket are a 431 HEADERS_TOO_LARGE in the envelope', async () => {
    await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = sandbox.app.server.address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write(`GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ success: false, error: 'HEADERS_TOO_LARGE' });
  });
});
