import type { FastifyInstance } from 'fastify';
import { MockAgent } from 'undici';
import { buildApp } from '../../src/app.js';
import { signToken, type TokenClaims } from '../../src/auth/sign-token.js';
import { DEFAULT_CONNECTION, DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, type GatewayConfig, type RateLimitConfig } from '../../src/config/gateway-config.js';
import type { AdapterModule } from '../../src/contract/index.js';
import type { MemoryVendor } from './memory-vendors.js';

const JWT_SECRET = 'memory-app-jwt-secret-0123456789abcdef';
export const MEMORY_AGENT = 'memory-agent';

export interface MemoryApp {
  app: FastifyInstance;
  token: string;
  /** A token of another caller (same org and role unless `claims` says otherwise). */
  tokenFor(claims: Partial<TokenClaims>): string;
  /**
   * Waits for the vendor calls still in flight (pages read ahead and not needed): a later
   * page would join such a call and see the vendors as they were before a test's change.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole gateway (routes, auth, cursor, merge, vendor client) over in-memory vendors:
 * vendor calls go through undici's MockAgent to `MemoryVendor.serve`, so tests run
 * in-process and fast, through the same HTTP interface a caller uses. One agent binds
 * every vendor; a test picks the ones it walks with the `sources` parameter.
 */
/** Logical agents over memory vendors, when a test needs more than the one that binds them all. */
export type MemoryAgents = Record<string, { org: string; department?: string; vendors: readonly MemoryVendor[] }>;

export async function startMemoryApp(
  vendors: readonly MemoryVendor[],
  limits: Partial<GatewayConfig['limits']> = {},
  options: {
    /** Off unless given: walks of hundreds of pages as one caller are not what it guards. */
    rateLimit?: RateLimitConfig;
    agents?: MemoryAgents;
  } = {},
): Promise<MemoryApp> {
  const { rateLimit = { ...DEFAULT_RATE_LIMIT, enabled: false }, agents } = options;
  const dispatcher = new MockAgent();
  dispatcher.disableNetConnect();
  for (const vendor of vendors) {
    dispatcher
      .get(originOf(vendor))
      .intercept({ path: () => true, method: 'GET' })
      .reply((request) => {
        const one = /\/(detail|copy)\/([^/?]+)/.exec(request.path);
        if (one) {
          const id = decodeURIComponent(one[2]!);
          const answer = one[1] === 'copy' ? vendor.serveCopy(id) : vendor.serveDetail(id);
          return { statusCode: answer.statusCode, data: JSON.stringify(answer.body) };
        }
        if (vendor.failing) return { statusCode: 500, data: { error: 'memory vendor down' } };
        const query = Object.fromEntries(new URL(request.path, originOf(vendor)).searchParams);
        return { statusCode: 200, data: JSON.stringify(vendor.serve({ method: 'GET', path: request.path, headers: {}, query })) };
      })
      .persist();
  }
  const config: GatewayConfig = {
    server: { host: '127.0.0.1', port: 0 },
    auth: { mode: 'jwt', secret: JWT_SECRET },
    cursor: { secrets: ['memory-app-cursor-secret-0123456789abcdef'], ttlSeconds: 3_600 },
    // A long deadline and page cap: a walk that spins (a broken merge) runs into the test's
    // timeout instead of ending as a short page at the deadline, which a test may not notice.
    // Counts are not kept: a run that resets its vendors counts them afresh.
    limits: {
      ...DEFAULT_LIMITS,
      requestDeadlineMs: 60_000,
      maxPagesPerRequest: 10_000,
      maxVendorCallsPerRequest: 1_000_000,
      maxVendorCallsPerExport: 1_000_000,
      maxVendorCallsPerCount: 1_000_000,
      countCacheTtlMs: 0,
      ...limits,
    },
    rateLimit,
    connections: Object.fromEntries(
      vendors.map((vendor) => [
        vendor.name,
        // No retries, cache or breaker: every vendor call a walk makes is counted and fresh.
        // The read timeout is the deadline's: a loaded machine must not fail a source the test means to be healthy.
        { ...DEFAULT_CONNECTION, adapter: vendor.name, baseUrl: originOf(vendor), apiKey: 'memory', retries: 0, cacheTtlMs: 0, breakerThreshold: 1_000_000, timeoutMs: 60_000 },
      ]),
    ),
    agents: agents
      ? Object.fromEntries(
          Object.entries(agents).map(([id, agent]) => [
            id,
            { name: id, org: agent.org, ...(agent.department ? { department: agent.department } : {}), sources: agent.vendors.map((vendor) => ({ connection: vendor.name })) },
          ]),
        )
      : { [MEMORY_AGENT]: { name: 'Memory agent', org: 'acme', sources: vendors.map((vendor) => ({ connection: vendor.name })) } },
  };
  const modules: AdapterModule[] = vendors.map((vendor) => ({
    adapter: vendor.adapter,
    createSimulator: () => {
      throw new Error('memory vendors have no simulator');
    },
    sandboxBinding: () => ({}),
  }));
  const app = await buildApp({ config, adapters: modules, dispatcher });
  return {
    app,
    token: signToken(JWT_SECRET, { sub: 'memory-tester', org: 'acme', role: 'ADMIN' }),
    tokenFor: (claims) => signToken(JWT_SECRET, { sub: 'memory-tester', org: 'acme', role: 'ADMIN', ...claims }),
    settle: () => app.gateway.client.settled(),
    close: async () => {
      await app.close();
      await dispatcher.close();
    },
  };
}

function originOf(vendor: MemoryVendor): string {
  return `http://${vendor.name}.memory.test`;
}
