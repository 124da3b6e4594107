import type { FastifyInstance } from 'fastify';
import { adapterModules } from '../../adapters/index.js';
import { buildApp } from '../../src/app.js';
import { DEFAULT_CONNECTION, DEFAULT_LIMITS, type AuthConfig, type GatewayConfig } from '../../src/config/gateway-config.js';

/** An app with one agent and no reachable vendor: enough to answer `GET /v1/agents` by the token alone. */
export async function appWithAuth(auth: AuthConfig): Promise<FastifyInstance> {
  const config: GatewayConfig = {
    server: { host: '127.0.0.1', port: 0 },
    auth,
    cursor: { secrets: ['auth-test-cursor-secret-0123456789'], ttlSeconds: 60 },
    limits: { ...DEFAULT_LIMITS },
    rateLimit: { enabled: false, max: 1, timeWindowMs: 1 },
    connections: { cc: { ...DEFAULT_CONNECTION, adapter: 'convocore', baseUrl: 'http://127.0.0.1:9/v3', apiKey: 'auth-test-vendor-key' } },
    agents: { bot: { name: 'Bot', org: 'acme', department: 'support', sources: [{ connection: 'cc', agentId: 'a1' }] } },
  };
  return buildApp({ config, adapters: adapterModules });
}

export async function agentsWith(app: FastifyInstance, token: string | undefined) {
  const response = await app.inject({
    url: '/v1/agents',
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: response.statusCode, body: response.json() as { success: boolean; error?: string; message?: string } };
}

export const CLAIMS = { sub: 'user-1', org: 'acme', role: 'ADMIN' } as const;
