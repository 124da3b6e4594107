import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { DEFAULT_CONNECTION } from '../../src/config/gateway-config.js';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { resolveDirectory } from '../../src/config/resolve-directory.js';

const ENV = { CURSOR_SECRET: 'cursor-secret-0123456789abcdef', TETHER_TOKEN: 'tether-token-value' };

function yaml(connectionFields: string): string {
  return `auth: { mode: none }
cursor: { secret: \${CURSOR_SECRET} }
connections:
  tether: { adapter: tether, baseUrl: https://tether.example.com, token: \${TETHER_TOKEN}${connectionFields} }
agents:
  desk: { name: Desk, org: acme, sources: [ { connection: tether, userId: 65a0e0e0e0e0e0e0e0e0e0e0, type: assignee } ] }
`;
}

describe('resilience settings of a connection', () => {
  it('default to 2 retries, a 2 s cache, 8 slots and a breaker of 5 failures / 30 s', () => {
    const connection = resolveDirectory(parseConfig(yaml(''), 'test', ENV), adapterModules).connections.get('tether')!;
    expect(connection).toMatchObject({ retries: 2, cacheTtlMs: 2_000, maxConcurrency: 8, breakerThreshold: 5, breakerCooldownMs: 30_000 });
    expect(DEFAULT_CONNECTION).toMatchObject({ retries: 2, cacheTtlMs: 2_000, breakerThreshold: 5, breakerCooldownMs: 30_000 });
  });

  it('are read per connection', () => {
    const fields = ', retries: 0, cacheTtlMs: 0, maxConcurrency: 2, breakerThreshold: 3, breakerCooldownMs: 500';
    const connection = resolveDirectory(parseConfig(yaml(fields), 'test', ENV), adapterModules).connections.get('tether')!;
    expect(connection).toMatchObject({ retries: 0, cacheTtlMs: 0, maxConcurrency: 2, breakerThreshold: 3, breakerCooldownMs: 500 });
  });

  it('refuse nonsense with the path of the field', () => {
    const error = (() => {
      try {
        parseConfig(yaml(', breakerThreshold: 0, breakerCooldownMs: -1'), 'test', ENV);
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('accepted');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems.join('\n')).toContain('connections.tether.breakerThreshold');
    expect(error.problems.join('\n')).toContain('connections.tether.breakerCooldownMs');
  });
});

describe('defaultRegion of a connection', () => {
  const problemsOf = (read: () => unknown): string[] => {
    try {
      read();
    } catch (caught) {
      if (caught instanceof ConfigError) return caught.problems;
      throw caught;
    }
    return [];
  };

  it("reaches the source's runtime, where rows are made", () => {
    const directory = resolveDirectory(parseConfig(yaml(', defaultRegion: CA'), 'test', ENV), adapterModules);
    expect(directory.agents.get('desk')!.sources[0]!.runtime.defaultRegion).toBe('CA');
    const none = resolveDirectory(parseConfig(yaml(''), 'test', ENV), adapterModules);
    expect(none.agents.get('desk')!.sources[0]!.runtime.defaultRegion).toBeUndefined();
  });

  it('refuses a code of the wrong form, and one no phone numbers belong to, naming the field', () => {
    expect(problemsOf(() => parseConfig(yaml(', defaultRegion: ca'), 'test', ENV))).toEqual([
      'connections.tether.defaultRegion: must be a region code of two capital letters (ISO 3166-1 alpha-2), such as CA or GB',
    ]);
    expect(problemsOf(() => resolveDirectory(parseConfig(yaml(', defaultRegion: ZZ'), 'test', ENV), adapterModules))).toEqual([
      'connections.tether.defaultRegion: "ZZ" is not a region with phone numbers (ISO 3166-1 alpha-2, such as CA or GB)',
    ]);
  });
});
