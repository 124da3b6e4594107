import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { buildApp } from '../../src/app.js';
import { DEFAULT_CONNECTION, DEFAULT_LIMITS, type GatewayConfig, type MetricsConfig } from '../../src/config/gateway-config.js';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';

const METRICS_TOKEN = 'metrics-scraper-token-0123456789';
const apps: FastifyInstance[] = [];

async function appWithMetrics(metrics: MetricsConfig | undefined): Promise<FastifyInstance> {
  const config: GatewayConfig = {
    server: { host: '127.0.0.1', port: 0 },
    auth: { mode: 'jwt', secret: 'metrics-test-jwt-secret-0123456789' },
    cursor: { secrets: ['metrics-test-cursor-secret-0123456789'], ttlSeconds: 60 },
    limits: { ...DEFAULT_LIMITS },
    ...(metrics ? { metrics } : {}),
    connections: { cc: { ...DEFAULT_CONNECTION, adapter: 'convocore', baseUrl: 'http://127.0.0.1:9/v3', apiKey: 'metrics-test-vendor-key' } },
    agents: { bot: { name: 'Bot', org: 'acme', sources: [{ connection: 'cc', agentId: 'a1' }] } },
  };
  const app = await buildApp({ config, adapters: adapterModules });
  apps.push(app);
  return app;
}

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('/metrics access', () => {
  it('is open on the gateway port by default (the sandbox)', async () => {
    const app = await appWithMetrics(undefined);
    const response = await app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('# HELP');
  });

  it('with metrics.token, asks for it: none or a wrong one is a 401 in the envelope', async () => {
    const app = await appWithMetrics({ token: METRICS_TOKEN });
    for (const headers of [{}, bearer('wrong-token-0123456789abcdef'), bearer(`${METRICS_TOKEN}x`), { authorization: METRICS_TOKEN }]) {
      const response = await app.inject({ url: '/metrics', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ success: false, error: 'UNAUTHORIZED' });
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body).not.toContain('# HELP');
    }
    const allowed = await app.inject({ url: '/metrics', headers: bearer(METRICS_TOKEN) });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('# HELP');
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('with metrics.port, serves it on a listener of its own and not on the gateway port', async () => {
    const app = await appWithMetrics({ port: 0, host: '127.0.0.1', token: METRICS_TOKEN });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const gatewayPort = (app.server.address() as AddressInfo).port;
    const metricsPort = (app.metricsListener!.server.address() as AddressInfo).port;
    expect(metricsPort).not.toBe(gatewayPort);

    const onGateway = await fetch(`http://127.0.0.1:${gatewayPort}/metrics`, { headers: bearer(METRICS_TOKEN) });
    expect(onGateway.status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(401);
    const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: bearer(METRICS_TOKEN) });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('# HELP');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/v1/agents`)).status).toBe(404);

    await app.close();
    apps.splice(apps.indexOf(app), 1);
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });
});

describe('metrics config', () => {
  const base = ['auth: { mode: jwt, secret: ${JWT} }', 'cursor: { secret: ${CURSOR} }', 'connections:', '  cc: { adapter: convocore, baseUrl: "http://127.0.0.1:9/v3", apiKey: ${KEY} }', 'agents:', '  bot: { name: Bot, org: acme, sources: [ { connection: cc, agentId: a1 } ] }'];
  const env = { JWT: 'j'.repeat(32), CURSOR: 'c'.repeat(32), KEY: 'k'.repeat(20), METRICS_TOKEN };

  it('takes the token from ${ENV} and refuses one written literally', () => {
    const config = parseConfig([...base, 'metrics: { token: ${METRICS_TOKEN}, port: 9464 }'].join('\n'), 'gateway.yaml', env);
    expect(config.metrics).toEqual({ token: METRICS_TOKEN, port: 9464, host: '127.0.0.1' });
    expect(() => parseConfig([...base, `metrics: { token: ${METRICS_TOKEN} }`].join('\n'), 'gateway.yaml', env)).toThrow(ConfigError);
    try {
      parseConfig([...base, `metrics: { token: ${METRICS_TOKEN} }`].join('\n'), 'gateway.yaml', env);
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toContain('metrics.token: a secret must not be written into the config file');
      expect((error as ConfigError).problems.join('\n')).not.toContain(METRICS_TOKEN);
    }
  });
});
