import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { buildApp } from '../../src/app.js';
import { signToken } from '../../src/auth/sign-token.js';
import { DEFAULT_CONNECTION, DEFAULT_LIMITS, type GatewayConfig } from '../../src/config/gateway-config.js';

/** Shaped like no credential pattern: only knowing the configured values can find their forms. */
const VENDOR_KEY = 'open sesame 1234567';
const JWT_SECRET = 'correct horse battery staple';
const CURSOR_SECRET = 'tr0ub4dor and three of them';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const reversed = (text: string) => [...text].reverse().join('');

/** What a hostile or careless vendor echoes back: every secret, encoded, reversed and split. */
function echoesOf(secret: string): string[] {
  return [
    base64(secret),
    Buffer.from(secret).toString('base64url'),
    base64(`user:${secret}`),
    Buffer.from(secret).toString('hex'),
    encodeURIComponent(secret),
    reversed(secret),
    `${secret.slice(0, 12)} ... ${secret.slice(-12)}`,
  ];
}
const ECHOES = [VENDOR_KEY, JWT_SECRET, CURSOR_SECRET].flatMap(echoesOf);

/** Any 12 characters of a secret, its reversal or URL form, or 16 of an encoded echo, is a leak. */
function leaksIn(text: string): string[] {
  const pieces = new Set<string>();
  for (const secret of [VENDOR_KEY, JWT_SECRET, CURSOR_SECRET]) {
    for (const form of [secret, reversed(secret), encodeURIComponent(secret)]) {
      for (let start = 0; start + 12 <= form.length; start += 1) pieces.add(form.slice(start, start + 12));
    }
  }
  for (const echo of ECHOES.filter((candidate) => /^[A-Za-z0-9+/=_-]+$/.test(candidate))) {
    for (let start = 0; start + 16 <= echo.length; start += 1) pieces.add(echo.slice(start, start + 16));
  }
  return [...pieces].filter((piece) => text.includes(piece));
}

let vendor: Server;
let app: FastifyInstance;
let pending: string[] = [];
const lines: string[] = [];

beforeAll(async () => {
  vendor = createServer((request, response) => {
    if (request.url?.includes('/agents/healthy/')) return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
    const echo = pending.shift() ?? 'nothing to say';
    response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `rejected credential ${echo}` }));
  });
  await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}/v3`;
  const quiet = { ...DEFAULT_CONNECTION, retries: 0, cacheTtlMs: 0, breakerThreshold: 1000, timeoutMs: 5000, maxConcurrency: 8 };
  const config: GatewayConfig = {
    server: { host: '127.0.0.1', port: 0 },
    auth: { mode: 'jwt', secret: JWT_SECRET },
    cursor: { secrets: [CURSOR_SECRET], ttlSeconds: 60 },
    limits: { ...DEFAULT_LIMITS },
    rateLimit: { enabled: false, max: 1, timeWindowMs: 1 },
    connections: {
      echo: { adapter: 'convocore', baseUrl, apiKey: VENDOR_KEY, ...quiet },
      calm: { adapter: 'convocore', baseUrl, apiKey: 'calm vendor key 000', ...quiet },
    },
    agents: {
      bot: { name: 'Bot', org: 'acme', sources: [{ connection: 'echo', agentId: 'victim' }, { connection: 'calm', agentId: 'healthy' }] },
    },
  };
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  app = await buildApp({ config, adapters: adapterModules, logger: { level: 'trace', stream } });
});
afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => vendor?.close(resolve));
});

describe('a vendor that echoes secrets encoded, reversed or split', () => {
  const token = () => signToken(JWT_SECRET, { sub: 'auditor', org: 'acme', role: 'ADMIN' });

  it('gets none of them into sources[].error.message, /v1/connections or the log', async () => {
    const seen: string[] = [];
    for (const echo of ECHOES) {
      pending = [echo];
      const response = await app.inject({ url: '/v1/agents/bot/conversations?limit=5', headers: { authorization: `Bearer ${token()}` } });
      expect(response.statusCode).toBe(200);
      const source = (response.json() as { data: { sources: { source: string; error?: { message: string } }[] } }).data.sources.find(
        (candidate) => candidate.source === 'echo',
      )!;
      expect(source.error?.message).toContain('rejected credential');
      expect(leaksIn(source.error!.message), `echo ${echo}`).toEqual([]);
      seen.push(response.body);
      const connections = await app.inject({ url: '/v1/connections', headers: { authorization: `Bearer ${token()}` } });
      expect(leaksIn(connections.body), `echo ${echo}`).toEqual([]);
      seen.push(connections.body);
    }
    expect(seen.join('\n')).toContain('[redacted]');
  });

  it('blanks them out of log lines written by careless code too', () => {
    for (const echo of ECHOES) app.log.warn(`the vendor said ${echo}`);
    expect(leaksIn(lines.join(''))).toEqual([]);
  });
});
