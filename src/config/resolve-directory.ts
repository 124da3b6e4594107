import { Ajv } from 'ajv';
import { ADAPTER_CONTRACT_VERSION, type AdapterModule, type SourceBinding } from '../contract/index.js';
import type { AgentDirectory, AgentSource, LogicalAgent } from '../agents/agent-directory.js';
import type { CountryCode } from 'libphonenumber-js';
import { isKnownRegion } from '../contacts/contact-phone.js';
import { connectionOf, type Connection } from '../upstream/connection.js';
import type { GatewayConfig } from './gateway-config.js';
import { REGION_PATTERN } from './config-schema.js';
import { ConfigError } from './load-config.js';
import { describeSchemaErrors } from './schema-problems.js';

/**
 * Ties the config to the registered adapters: every connection names a known adapter,
 * every source binding names a connection of the config and has the fields its adapter asks for.
 */
export function resolveDirectory(config: GatewayConfig, modules: readonly AdapterModule[]): AgentDirectory {
  const problems: string[] = [];
  const adapters = new Map(modules.map((module) => [module.adapter.vendor, module.adapter]));
  for (const module of modules) {
    if (module.adapter.contractVersion !== ADAPTER_CONTRACT_VERSION) {
      problems.push(`adapter ${module.adapter.vendor}: written for contract version ${module.adapter.contractVersion}, the core is ${ADAPTER_CONTRACT_VERSION}`);
    }
  }
  const connections = new Map<string, Connection & { lagMs: number; defaultRegion?: CountryCode }>();
  // A connection, agent or binding of the wrong shape was reported by the schema: skipped here.
  for (const [name, settings] of Object.entries(config.connections ?? {})) {
    if (!isObject(settings) || typeof settings.adapter !== 'string') continue;
    const adapter = adapters.get(settings.adapter);
    if (!adapter) {
      problems.push(`connections.${name}.adapter: unknown adapter "${settings.adapter}" (known: ${[...adapters.keys()].join(', ')})`);
      continue;
    }
    const defaultLagSeconds = adapter.order.kind === 'bounded-lag' ? adapter.order.defaultMaxLagSeconds : 0;
    const region = settings.defaultRegion;
    // The schema checked the shape (two capitals); only the phone library knows which regions exist.
    if (typeof region === 'string' && new RegExp(REGION_PATTERN).test(region) && !isKnownRegion(region)) {
      problems.push(`connections.${name}.defaultRegion: "${region}" is not a region with phone numbers (ISO 3166-1 alpha-2, such as CA or GB)`);
    }
    connections.set(name, {
      ...connectionOf(name, adapter, settings),
      lagMs: (settings.maxLagSeconds ?? defaultLagSeconds) * 1000,
      ...(typeof region === 'string' && isKnownRegion(region) ? { defaultRegion: region } : {}),
    });
  }
  const validators = new Map<string, ReturnType<Ajv['compile']>>();
  // verbose: a problem needs the binding's schema (the known names, for "did you mean").
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  const agents = new Map<string, LogicalAgent>();
  for (const [id, agent] of Object.entries(config.agents ?? {})) {
    if (!isObject(agent) || !Array.isArray(agent.sources)) continue;
    const sources: AgentSource[] = [];
    agent.sources.forEach((binding: SourceBinding, index) => {
      const path = `agents.${id}.sources[${index}]`;
      if (!isObject(binding) || typeof binding.connection !== 'string') return;
      const connection = connections.get(binding.connection);
      if (!connection) {
        if (!(binding.connection in (config.connections ?? {}))) problems.push(`${path}.connection: no connection named "${binding.connection}"`);
        return;
      }
      if (sources.some((source) => source.runtime.name === binding.connection)) {
        problems.push(`${path}.connection: "${binding.connection}" is bound twice to this agent; bind each connection once`);
        return;
      }
      const { adapter } = connection;
      let validator = validators.get(adapter.vendor);
      if (!validator) {
        validator = ajv.compile(adapter.bindingSchema);
        validators.set(adapter.vendor, validator);
      }
      const { connection: _name, ...fields } = binding;
      if (!validator(fields)) {
        problems.push(...describeSchemaErrors(validator.errors ?? [], path));
        return;
      }
      sources.push({
        runtime: {
          name: connection.name,
          adapter,
          binding,
          lagMs: connection.lagMs,
          ...(connection.defaultRegion ? { defaultRegion: connection.defaultRegion } : {}),
        },
        connection,
        vendorAgentId: adapter.vendorAgentId(binding),
        boundUserIds: adapter.boundUserIds(binding),
      });
    });
    agents.set(id, { id, name: agent.name, org: agent.org, department: agent.department ?? null, sources });
  }
  if (problems.length > 0) throw new ConfigError('configuration', problems);
  return { agents, connections };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
