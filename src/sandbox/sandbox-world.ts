import { randomBytes } from 'node:crypto';
import type { GatewayConfig } from '../config/gateway-config.js';
import { configFromDocument } from '../config/load-config.js';
import type { AdapterModule, SourceBinding, VendorSimulator } from '../contract/index.js';
import { importSandboxCopies } from './sandbox-imports.js';
import { sandboxAgents, type SandboxAgentPlan } from './sandbox-agents.js';

/** The vendor simulators on loopback and a config that binds agents across them. */
export interface SandboxWorld {
  config: GatewayConfig;
  /** Simulator by connection name. */
  simulators: Map<string, VendorSimulator>;
  /** Source bindings by agent id, as in the config. */
  bindings: Map<string, SourceBinding[]>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  modules: readonly AdapterModule[];
  seed?: number;
  /** "Now" of the generated data. */
  now?: number;
  agents?: readonly SandboxAgentPlan[];
  host?: string;
  port?: number;
  /** Fixed secrets (tests); fresh random ones otherwise. */
  secrets?: { jwt: string; cursor: string };
}

/** The connection name a vendor gets in the sandbox. */
export function sandboxConnectionName(vendor: string): string {
  return vendor === 'convocore' ? 'convocore-eu' : vendor;
}

export async function startSandboxWorld(options: SandboxOptions): Promise<SandboxWorld> {
  const plans = options.agents ?? sandboxAgents(options.modules);
  const now = options.now ?? Date.now();
  const seed = options.seed ?? 20261121;
  const simulators = new Map<string, VendorSimulator>();
  const connections: Record<string, object> = {};
  const bindings = new Map<string, SourceBinding[]>();
  let config: GatewayConfig;
  try {
    for (const module of options.modules) {
      const vendor = module.adapter.vendor;
      const uses = plans.flatMap((plan) =>
        plan.sources.filter((source) => source.vendor === vendor).map((source) => ({ plan, source })),
      );
      if (uses.length === 0) continue;
      const connection = sandboxConnectionName(vendor);
      const credential = `sandbox-${vendor}-${randomBytes(12).toString('hex')}`;
      const simulator = module.createSimulator({
        seed,
        credential,
        now,
        agents: uses.map(({ source }) => ({
          binding: { connection, ...module.sandboxBinding(source.agentKey) },
          count: source.count,
        })),
      });
      simulators.set(connection, simulator);
      const baseUrl = await simulator.start();
      // The sandbox's orgs share its simulated vendor accounts on purpose.
      connections[connection] = { adapter: vendor, baseUrl, apiKey: credential, sharedAcrossOrgs: true, ...module.sandboxConnection };
      for (const { plan, source } of uses) {
        const list = bindings.get(plan.id) ?? [];
        list.push({ connection, ...module.sandboxBinding(source.agentKey) });
        bindings.set(plan.id, list);
      }
    }
    importSandboxCopies(options.modules, simulators, bindings);
    // Every setting the sandbox leaves out takes the default a file would.
    config = configFromDocument(
      {
        server: { host: options.host ?? '127.0.0.1', port: options.port ?? 8080 },
        auth: { mode: 'jwt', secret: options.secrets?.jwt ?? randomBytes(32).toString('base64url') },
        cursor: { secrets: [options.secrets?.cursor ?? randomBytes(32).toString('base64url')] },
        connections,
        agents: Object.fromEntries(
          plans
            .filter((plan) => bindings.has(plan.id))
            .map((plan) => [plan.id, { name: plan.name, org: plan.org, department: plan.department, sources: bindings.get(plan.id)! }]),
        ),
      },
      'the sandbox',
    );
  } catch (error) {
    await Promise.all([...simulators.values()].map((simulator) => simulator.close()));
    throw error;
  }
  return {
    config,
    simulators,
    bindings,
    close: async () => {
      await Promise.all([...simulators.values()].map((simulator) => simulator.close()));
    },
  };
}
