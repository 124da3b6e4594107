import { connect, type AddressInfo, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { buildApp } from '../../src/app.js';
import { DEFAULT_CONNECTION, DEFAULT_LIMITS, type GatewayConfig } from '../../src/config/gateway-config.js';
import { serverTimeouts } from '../../src/http/server-timeouts.js';

/** Short configured timeouts keep the test fast; the mechanism is the one the 30 s default uses. */
const REQUEST_TIMEOUT_MS = 1_000;
const KEEP_ALIVE_TIMEOUT_MS = 500;
/** Far above the timeouts (plus the check interval), far below the 30 s / 51 s the defaults used to take. */
const CUT_WITHIN_MS = 8_000;

let app: FastifyInstance;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  const config: GatewayConfig = {
    server: { host: '127.0.0.1', port: 0, requestTimeoutMs: REQUEST_TIMEOUT_MS, keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS },
    auth: { mode: 'jwt', secret: 'slow-clients-jwt-secret-0123456789' },
    cursor: { secrets: ['slow-clients-cursor-secret-0123456789'], ttlSeconds: 60 },
    limits: { ...DEFAULT_LIMITS },
    connections: { cc: { ...DEFAULT_CONNECTION, adapter: 'convocore', baseUrl: 'http://127.0.0.1:9/v3', apiKey: 'slow-clients-vendor-key' } },
    agents: { bot: { name: 'Bot', org: 'acme', sources: [{ connection: 'cc', agentId: 'a1' }] } },
  };
  app = await buildApp({ config, adapters: adapterModules });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await app?.close();
});

/** Opens a socket, lets `talk` use it, and resolves with what came back and when the server closed it. */
function openSocket(talk: (socket: Socket) => void): Promise<{ text: string; closedAfterMs: number | 'still open' }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let text = '';
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedAfterMs: 'still open' });
    }, CUT_WITHIN_MS);
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
    socket.on('error', reject);
    socket.on('connect', () => talk(socket));
  });
}

describe('slow clients are cut at the configured request timeout', () => {
  it('a socket trickling its headers one line at a time gets a 408 and is closed', async () => {
    const { text, closedAfterMs } = await openSocket((socket) => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
      let line = 0;
      const trickle = setInterval(() => {
        if (socket.destroyed) return clearInterval(trickle);
        socket.write(`X-Slow-${(line += 1)}: a\r\n`);
      }, 100);
      socket.on('close', () => clearInterval(trickle));
    });
    expect(closedAfterMs).not.toBe('still open');
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ success: false, error: 'REQUEST_TIMEOUT' });
  });

  it('a socket that connects and never sends a byte is closed', async () => {
    const { closedAfterMs } = await openSocket(() => undefined);
    expect(closedAfterMs).not.toBe('still open');
  });

  it('a body that trickles in is cut as well', async () => {
    const { text, closedAfterMs } = await openSocket((socket) => {
      socket.write('POST /v1/agents HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
      const trickle = setInterval(() => (socket.destroyed ? clearInterval(trickle) : socket.write(' ')), 100);
      socket.on('close', () => clearInterval(trickle));
    });
    expect(closedAfterMs).not.toBe('still open');
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const { text, closedAfterMs } = await openSocket((socket) => socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(closedAfterMs).not.toBe('still open');
    expect(closedAfterMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 50);
  });
});

describe('the defaults match the documented 30 s', () => {
  it('headers and the whole request get 30 s, checked every second', () => {
    const { requestTimeout, http } = serverTimeouts({ host: '0.0.0.0', port: 8080 });
    expect(requestTimeout).toBe(30_000);
    expect(http).toMatchObject({ requestTimeout: 30_000, headersTimeout: 30_000 });
    expect(http.connectionsCheckingInterval).toBeLessThanOrEqual(1_000);
  });
});
