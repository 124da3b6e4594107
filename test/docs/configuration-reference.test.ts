import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { configSchema } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/load-config.js';
import { configReference } from '../../src/tools/config-reference.js';

const file = join(import.meta.dirname, '..', '..', 'docs', 'configuration.md');

interface Node {
  description?: string;
  default?: unknown;
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  items?: Node;
}

/** Every field below a node, by path: properties, each entry of a map (`.*`) and each item of a list (`[]`). */
function fields(path: string, node: Node): [string, Node][] {
  const own = (prefix: string, holder: Node) => Object.entries(holder.properties ?? {}).map(([name, child]): [string, Node] => [`${prefix}.${name}`, child]);
  const children = node.properties
    ? own(path, node)
    : typeof node.additionalProperties === 'object'
      ? own(`${path}.*`, node.additionalProperties)
      : node.items?.properties
        ? own(`${path}[]`, node.items)
        : [];
  return children.flatMap(([childPath, child]) => [[childPath, child] as [string, Node], ...fields(childPath, child)]);
}

describe('docs/configuration.md', () => {
  it('is what npm run docs:config writes from the schema and the adapters', () => {
    expect(readFileSync(file, 'utf8'), 'docs/configuration.md is stale: run npm run docs:config').toBe(configReference(adapterModules));
  });

  it('has a meaning for every field of the config and of every adapter\'s binding', () => {
    const undescribed = [
      ...fields('', configSchema as unknown as Node).filter(([, node]) => !node.description),
      ...adapterModules.flatMap(({ adapter }) =>
        Object.entries((adapter.bindingSchema as Node).properties ?? {})
          .filter(([name, node]) => name !== 'connection' && !node.description)
          .map(([name, node]): [string, Node] => [`${adapter.vendor}.${name}`, node]),
      ),
    ].map(([path]) => path);
    expect(undescribed).toEqual([]);
  });

  it('states the defaults the gateway applies', () => {
    const config = parseConfig(
      'auth: { mode: none }\ncursor: { secret: ${C} }\nconnections: { c: { adapter: convocore, baseUrl: "http://127.0.0.1:1", apiKey: ${K} } }\nagents: { a: { name: A, org: o, sources: [{ connection: c, agentId: x }] } }',
      'defaults.yaml',
      { C: 'cursor-secret-0123456789', K: 'key' },
    );
    const schema = configSchema.properties;
    expect(config.server).toMatchObject({ host: schema.server.properties.host.default, port: schema.server.properties.port.default });
    expect(config.cursor.ttlSeconds).toBe(schema.cursor.properties.ttlSeconds.default);
    for (const [name, value] of Object.entries(config.limits)) expect(value, `limits.${name}`).toBe(schema.limits.properties[name as keyof typeof config.limits].default);
    for (const [name, value] of Object.entries(config.rateLimit!)) expect(value, `rateLimit.${name}`).toBe(schema.rateLimit.properties[name as 'max'].default);
    const connection = schema.connections.additionalProperties.properties;
    for (const name of ['timeoutMs', 'maxConcurrency', 'retries', 'cacheTtlMs', 'breakerThreshold', 'breakerCooldownMs'] as const) {
      expect(config.connections.c![name], `connections.*.${name}`).toBe(connection[name].default);
    }
  });
});
