import type { TracerProvider } from '@opentelemetry/api';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { adapterModules } from '../../adapters/index.js';
import { buildApp } from '../../src/app.js';
import { signToken, type TokenClaims } from '../../src/auth/sign-token.js';
import { DEFAULT_RATE_LIMIT, type ConnectionConfig, type GatewayConfig } from '../../src/config/gateway-config.js';
import type { SandboxAgentPlan } from '../../src/sandbox/sandbox-agents.js';
import { SandboxFaults } from '../../src/sandbox/sandbox-faults.js';
import { startSandboxWorld, type SandboxWorld } from '../../src/sandbox/sandbox-world.js';

export const TEST_SECRETS = { jwt: 'test-jwt-secret-0123456789abcdef', cursor: 'test-cursor-secret-0123456789abcdef' };
/** A fixed "now" so the simulated data is the same on every run. */
export const TEST_NOW = Date.UTC(2026, 10, 1, 12, 0, 0);

export interface SandboxApp {
  app: FastifyInstance;
  world: SandboxWorld;
  token(claims?: Partial<TokenClaims>): string;
  close(): Promise<void>;
}

/** The sandbox's simulators and a gateway app on them, for `app.inject()` tests. */
export async function startSandboxApp(
  options: {
    seed?: number;
    adjust?: (config: GatewayConfig) => void;
    now?: () => number;
    tracerProvider?: TracerProvider;
    logger?: FastifyServerOptions['logger'];
    agents?: readonly SandboxAgentPlan[];
    /** Give the app the sandbox's fault switch, as `npm start` does. */
    faultSwitch?: boolean;
    /** Settings every connection takes (after `adjust`). */
    connections?: Partial<ConnectionConfig>;
  } = {},
): Promise<SandboxApp> {
  const world = await startSandboxWorld({ modules: adapterModules, seed: options.seed ?? 7, now: TEST_NOW, secrets: TEST_SECRETS, agents: options.agents });
  // Walks of hundreds of pages as one caller are not what the rate limit guards; its tests turn it on in `adjust`.
  world.config.rateLimit = { ...DEFAULT_RATE_LIMIT, enabled: false };
  options.adjust?.(world.config);
  for (const connection of Object.values(world.config.connections)) Object.assign(connection, options.connections);
  const app = await buildApp({
    config: world.config,
    adapters: adapterModules,
    now: options.now,
    tracerProvider: options.tracerProvider,
    logger: options.logger,
    ...(options.faultSwitch ? { sandboxFaults: new SandboxFaults(world.simulators) } : {}),
  });
  return {
    app,
    world,
    token: (claims = {}) => signToken(TEST_SECRETS.jwt, { sub: 'tester', org: 'acme', role: 'ADMIN', ...claims }),
    close: async () => {
      await app.close();
      await world.close();
    },
  };
}
