import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { DEFAULT_CONNECTION, DEFAULT_CURSOR_TTL_SECONDS, DEFAULT_LIMITS, type GatewayConfig } from '../../src/config/gateway-config.js';
import { ConfigError, loadConfigFile, parseConfig } from '../../src/config/load-config.js';
import { resolveDirectory } from '../../src/config/resolve-directory.js';

/** Secret values that must never show up in an error message. */
/** What the schema fills in for `auth` and `server` when the file leaves them out. */
const AUTH_DEFAULTS = { jwksCacheTtlMs: 600_000, jwksTimeoutMs: 3_000, maxTokenAgeSeconds: 86_400, clockSkewSeconds: 60 };
const SERVER_DEFAULTS = { requestTimeoutMs: 30_000, keepAliveTimeoutMs: 72_000, drainMs: 0 };

const ENV = {
  GATEWAY_JWT_SECRET: 'jwt-secret-§{}:#,[]-0123456789',
  GATEWAY_CURSOR_SECRET: 'cursor-secret-abcdefghijklmnop',
  CONVOCORE_KEY: 'convocore-key-Zq8x',
  CHATDASH_KEY: 'chatdash-key-Yw7v',
  XI_API_KEY: 'xi-key-Xv6u',
  TETHER_TOKEN: 'tether-token-Wu5t',
  API_KEY: 'api-key-Vt4s',
  PREVIOUS_CURSOR_SECRET: 'the-previous-secret-0001',
  SINGLE_CURSOR_SECRET: 'the-single-secret-000001',
} as const;
const SECRETS = Object.values(ENV);

/** The example configuration of the README, character for character. */
const DESIGN_YAML = `server: { host: 0.0.0.0, port: 8080 }
auth:   { mode: jwt, secret: \${GATEWAY_JWT_SECRET} }   # mode: none only for local use
cursor: { secret: \${GATEWAY_CURSOR_SECRET}, ttlSeconds: 86400 }
connections:                      # vendor accounts; the name is the row's \`source\`
  convocore-eu: { adapter: convocore,  baseUrl: https://eu-gcp-api.vg-stuff.com/v3, apiKey: \${CONVOCORE_KEY} }
  chatdash:     { adapter: chatdash,   baseUrl: https://api.chat-dash.com/v1/public, apiKey: \${CHATDASH_KEY} }
  elevenlabs:   { adapter: elevenlabs, baseUrl: https://api.elevenlabs.io, apiKey: \${XI_API_KEY} }
  tether:       { adapter: tether,     baseUrl: https://tether.example.com, token: \${TETHER_TOKEN} }
  # optional per connection: timeoutMs, maxConcurrency, retries, cacheTtlMs, maxLagSeconds
agents:                           # logical agents
  support-bot:
    name: Support bot
    org: acme
    department: support
    sources:
      - { connection: convocore-eu, agentId: abc123 }
      - { connection: elevenlabs,   agentId: agent_01 }
      - { connection: chatdash,     agentId: 65f0c0ffee }
      - { connection: tether,       userId: 65a0e0e0e0e0e0e0e0e0e0e0, type: assignee }
`;

const DESIGN_AS_JSON = {
  server: { host: '0.0.0.0', port: 8080 },
  auth: { mode: 'jwt', secret: '${GATEWAY_JWT_SECRET}' },
  cursor: { secret: '${GATEWAY_CURSOR_SECRET}', ttlSeconds: 86400 },
  connections: {
    'convocore-eu': { adapter: 'convocore', baseUrl: 'https://eu-gcp-api.vg-stuff.com/v3', apiKey: '${CONVOCORE_KEY}' },
    chatdash: { adapter: 'chatdash', baseUrl: 'https://api.chat-dash.com/v1/public', apiKey: '${CHATDASH_KEY}' },
    elevenlabs: { adapter: 'elevenlabs', baseUrl: 'https://api.elevenlabs.io', apiKey: '${XI_API_KEY}' },
    tether: { adapter: 'tether', baseUrl: 'https://tether.example.com', token: '${TETHER_TOKEN}' },
  },
  agents: {
    'support-bot': {
      name: 'Support bot',
      org: 'acme',
      department: 'support',
      sources: [
        { connection: 'convocore-eu', agentId: 'abc123' },
        { connection: 'elevenlabs', agentId: 'agent_01' },
        { connection: 'chatdash', agentId: '65f0c0ffee' },
        { connection: 'tether', userId: '65a0e0e0e0e0e0e0e0e0e0e0', type: 'assignee' },
      ],
    },
  },
};

function expectConfigError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const secret of SECRETS) expect(message).not.toContain(secret);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

function minimal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    auth: { mode: 'jwt', secret: '${GATEWAY_JWT_SECRET}' },
    cursor: { secret: '${GATEWAY_CURSOR_SECRET}' },
    connections: { cc: { adapter: 'convocore', baseUrl: 'https://eu-gcp-api.vg-stuff.com/v3', apiKey: '${CONVOCORE_KEY}' } },
    agents: { bot: { name: 'Bot', org: 'acme', sources: [{ connection: 'cc', agentId: 'a1' }] } },
    ...overrides,
  };
}

const parseJson = (document: unknown, env: NodeJS.ProcessEnv = ENV): GatewayConfig =>
  parseConfig(JSON.stringify(document), 'test.json', env);

describe('loadConfigFile', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gateway-config-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('loads the documented YAML example, with ${ENV} inside flow mappings', async () => {
    const path = join(directory, 'gateway.yaml');
    await writeFile(path, DESIGN_YAML);
    const config = await loadConfigFile(path, ENV);
    expect(config.auth).toEqual({ mode: 'jwt', secret: ENV.GATEWAY_JWT_SECRET, ...AUTH_DEFAULTS });
    expect(config.cursor).toEqual({ secrets: [ENV.GATEWAY_CURSOR_SECRET], ttlSeconds: 86_400 });
    expect(config.connections['convocore-eu']).toMatchObject({ adapter: 'convocore', apiKey: ENV.CONVOCORE_KEY });
    expect(config.connections.tether).toMatchObject({ adapter: 'tether', token: ENV.TETHER_TOKEN });
    expect(config.agents['support-bot']!.sources[3]).toEqual({
      connection: 'tether',
      userId: '65a0e0e0e0e0e0e0e0e0e0e0',
      type: 'assignee',
    });
    const resolved = resolveDirectory(config, adapterModules);
    expect([...resolved.agents.get('support-bot')!.sources].map((source) => source.runtime.name)).toEqual([
      'convocore-eu',
      'elevenlabs',
      'chatdash',
      'tether',
    ]);
  });

  it('loads the same configuration written as JSON', async () => {
    const yamlPath = join(directory, 'same.yaml');
    const jsonPath = join(directory, 'same.json');
    await writeFile(yamlPath, DESIGN_YAML);
    await writeFile(jsonPath, JSON.stringify(DESIGN_AS_JSON, null, 2));
    expect(await loadConfigFile(jsonPath, ENV)).toEqual(await loadConfigFile(yamlPath, ENV));
  });

  it('loads examples/gateway.example.yaml and resolves it against the registered adapters', async () => {
    const config = await loadConfigFile(new URL('../../examples/gateway.example.yaml', import.meta.url).pathname, ENV);
    const resolved = resolveDirectory(config, adapterModules);
    expect([...resolved.agents.keys()]).toEqual(['support-bot', 'sales-bot']);
    expect(resolved.agents.get('sales-bot')!.sources[0]!.vendorAgentId).toBe('4711');
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.connections.elevenlabs!.maxLagSeconds).toBe(7200);
  });

  it('names the file when it cannot be read', async () => {
    const error = await loadConfigFile(join(directory, 'missing.yaml'), ENV).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('missing.yaml');
    expect((error as ConfigError).problems).toEqual(['cannot read the file (ENOENT)']);
  });
});

describe('${ENV} substitution', () => {
  it('puts a secret with YAML punctuation into a flow mapping without changing its structure', () => {
    const config = parseConfig(DESIGN_YAML, 'gateway.yaml', ENV);
    expect(config.auth.secret).toBe(ENV.GATEWAY_JWT_SECRET);
    expect(Object.keys(config.auth)).toEqual(['mode', 'secret', ...Object.keys(AUTH_DEFAULTS)]);
  });

  it('substitutes inside a longer string', () => {
    const config = parseJson(
      minimal({ connections: { cc: { adapter: 'convocore', baseUrl: 'https://${REGION}-gcp-api.vg-stuff.com/v3', apiKey: '${API_KEY}' } } }),
      { ...ENV, REGION: 'na' },
    );
    expect(config.connections.cc!.baseUrl).toBe('https://na-gcp-api.vg-stuff.com/v3');
  });

  it('a missing variable names the field and the variable, never another secret', () => {
    const { GATEWAY_JWT_SECRET: _jwt, ...withoutJwt } = ENV;
    const error = expectConfigError(() => parseConfig(DESIGN_YAML, 'gateway.yaml', { ...withoutJwt, XI_API_KEY: '' }));
    expect(error.problems).toEqual([
      'auth.secret: environment variable GATEWAY_JWT_SECRET is not set',
      'connections.elevenlabs.apiKey: environment variable XI_API_KEY is not set',
    ]);
    expect(error.message).toContain('gateway.yaml');
  });

  it('a file that is not YAML says so without quoting any secret', () => {
    const error = expectConfigError(() => parseConfig('auth: { mode: jwt, secret: ${GATEWAY_JWT_SECRET}\nagents: [', 'bad.yaml', ENV));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^the file is not valid YAML or JSON: /);
  });
});

describe('validation', () => {
  it('lists the path of every bad field at once', () => {
    const error = expectConfigError(() =>
      parseJson({
        server: { port: 70_000, extra: true },
        auth: { mode: 'magic', secret: '${GATEWAY_JWT_SECRET}' },
        cursor: { secret: '${GATEWAY_CURSOR_SECRET}', ttlSeconds: 0 },
        connections: {
          x: { adapter: 'convocore', baseUrl: 'ftp://nowhere', apiKey: '${CONVOCORE_KEY}' },
          keyless: { adapter: 'chatdash', baseUrl: 'https://api.chat-dash.com/v1/public' },
          tuned: { adapter: 'elevenlabs', baseUrl: 'https://api.elevenlabs.io', apiKey: '${XI_API_KEY}', retries: 11, maxLagSeconds: -1 },
        },
        agents: {
          y: { name: 'Y', org: 'acme', sources: [{ agentId: 'abc' }] },
          z: { name: 'Z', sources: [] },
        },
        gizmo: true,
      }),
    );
    const paths = error.problems.map((problem) => problem.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'gizmo',
        'server.port',
        'server.extra',
        'auth.mode',
        'cursor.ttlSeconds',
        'connections.x.baseUrl',
        'connections.keyless',
        'connections.tuned.retries',
        'connections.tuned.maxLagSeconds',
        'agents.y.sources[0].connection',
        'agents.z.org',
        'agents.z.sources',
      ]),
    );
    expect(error.problems.find((problem) => problem.startsWith('connections.keyless:'))).toMatch(/needs apiKey or token/);
    expect(error.problems).toContain('agents.y.sources[0].connection: is required');
    expect(error.problems).toContain('gizmo: is not a known field');
  });

  it('refuses a config without connections or agents', () => {
    const error = expectConfigError(() => parseJson({ auth: { mode: 'none' }, cursor: { secret: '${GATEWAY_CURSOR_SECRET}' } }));
    expect(error.problems).toEqual(['connections: is required', 'agents: is required']);
  });

  it('requires auth and a cursor secret', () => {
    const { auth: _auth, cursor: _cursor, ...rest } = minimal();
    const error = expectConfigError(() => parseJson(rest));
    expect(error.problems.map((problem) => problem.split(':')[0])).toEqual(['auth', 'cursor.secret']);
  });

  it('auth mode none needs no secret', () => {
    const config = parseJson(minimal({ auth: { mode: 'none' } }));
    expect(config.auth).toEqual({ mode: 'none', ...AUTH_DEFAULTS });
  });
});

describe('bindings against the registered adapters (resolveDirectory)', () => {
  it('names an unknown adapter, an unknown connection, a missing binding field and a bad one', () => {
    const config = parseJson({
      auth: { mode: 'jwt', secret: '${GATEWAY_JWT_SECRET}' },
      cursor: { secret: '${GATEWAY_CURSOR_SECRET}' },
      connections: {
        cc: { adapter: 'convocore', baseUrl: 'https://eu-gcp-api.vg-stuff.com/v3', apiKey: '${CONVOCORE_KEY}' },
        other: { adapter: 'nosuchvendor', baseUrl: 'https://api.example.com', apiKey: '${API_KEY}' },
        tether: { adapter: 'tether', baseUrl: 'https://tether.example.com', token: '${TETHER_TOKEN}' },
      },
      agents: {
        y: {
          name: 'Y',
          org: 'acme',
          sources: [
            { connection: 'nowhere', agentId: 'a' },
            { connection: 'cc' },
            { connection: 'tether', userId: 'not an id', type: 'watcher' },
            { connection: 'cc', agentId: 'a', extra: 1 },
          ],
        },
        twice: { name: 'T', org: 'acme', sources: [{ connection: 'cc', agentId: 'a' }, { connection: 'cc', agentId: 'b' }] },
      },
    });
    const error = expectConfigError(() => resolveDirectory(config, adapterModules));
    const paths = error.problems.map((problem) => problem.split(':')[0]);
    expect(paths).toEqual([
      'connections.other.adapter',
      'agents.y.sources[0].connection',
      'agents.y.sources[1].agentId',
      'agents.y.sources[2].userId',
      'agents.y.sources[2].type',
      'agents.y.sources[3].extra',
      'agents.twice.sources[1].connection',
    ]);
    expect(error.problems[0]).toMatch(/^connections\.other\.adapter: unknown adapter "nosuchvendor" \(known: .*convocore.*\)$/);
  });

  it('gives ElevenLabs its 7200 s default lag unless the connection sets maxLagSeconds', () => {
    const connections = {
      el: { adapter: 'elevenlabs', baseUrl: 'https://api.elevenlabs.io', apiKey: '${XI_API_KEY}' },
      el2: { adapter: 'elevenlabs', baseUrl: 'https://api.elevenlabs.io', apiKey: '${XI_API_KEY}', maxLagSeconds: 600 },
      cc: { adapter: 'convocore', baseUrl: 'https://eu-gcp-api.vg-stuff.com/v3', apiKey: '${CONVOCORE_KEY}' },
    };
    const agents = {
      bot: { name: 'Bot', org: 'acme', sources: Object.keys(connections).map((connection) => ({ connection, agentId: 'a' })) },
    };
    const directory = resolveDirectory(parseJson(minimal({ connections, agents })), adapterModules);
    const lags = directory.agents.get('bot')!.sources.map((source) => [source.runtime.name, source.runtime.lagMs]);
    expect(lags).toEqual([
      ['el', 7_200_000],
      ['el2', 600_000],
      ['cc', 0],
    ]);
  });
});

describe('defaults', () => {
  it('fills in server, cursor ttl, limits and per-connection settings', () => {
    const config = parseJson(minimal());
    expect(config.server).toEqual({ host: '0.0.0.0', port: 8080, ...SERVER_DEFAULTS });
    expect(config.cursor.ttlSeconds).toBe(DEFAULT_CURSOR_TTL_SECONDS);
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.connections.cc).toEqual({
      adapter: 'convocore',
      baseUrl: 'https://eu-gcp-api.vg-stuff.com/v3',
      apiKey: ENV.CONVOCORE_KEY,
      ...DEFAULT_CONNECTION,
    });
    expect(DEFAULT_CONNECTION).toMatchObject({ timeoutMs: 5_000, maxConcurrency: 8 });
    expect(DEFAULT_LIMITS).toEqual({
      requestDeadlineMs: 10_000,
      maxResponseBytes: 10_485_760,
      maxPagesPerRequest: 100,
      maxVendorCallsPerRequest: 40,
      maxVendorCallsPerExport: 2_000,
      maxVendorCallsPerCount: 400,
      countCacheTtlMs: 30_000,
      vendorCallsPerRateLimitUnit: 20,
      maxConcurrentExportsPerCaller: 2,
      maxConcurrentExportsPerOrg: 8,
      connectTimeoutMs: 3_000,
    });
    expect(DEFAULT_CURSOR_TTL_SECONDS).toBe(86_400);
  });

  it('keeps what the file sets and defaults the rest', () => {
    const config = parseJson(
      minimal({
        server: { port: 9090 },
        limits: { requestDeadlineMs: 4_000 },
        connections: { cc: { adapter: 'convocore', baseUrl: 'http://localhost:1/v3', apiKey: '${API_KEY}', timeoutMs: 1_500 } },
      }),
    );
    expect(config.server).toEqual({ host: '0.0.0.0', port: 9090, ...SERVER_DEFAULTS });
    expect(config.limits).toEqual({ ...DEFAULT_LIMITS, requestDeadlineMs: 4_000 });
    expect(config.connections.cc).toMatchObject({ timeoutMs: 1_500, maxConcurrency: DEFAULT_CONNECTION.maxConcurrency });
  });
});

describe('cursor.secret and cursor.secrets', () => {
  it('takes one secret as a list of one', () => {
    expect(parseJson(minimal()).cursor.secrets).toEqual([ENV.GATEWAY_CURSOR_SECRET]);
  });

  it('takes a list for rotation, the first one signing', () => {
    const config = parseJson(minimal({ cursor: { secrets: ['${GATEWAY_CURSOR_SECRET}', '${PREVIOUS_CURSOR_SECRET}'] } }));
    expect(config.cursor.secrets).toEqual([ENV.GATEWAY_CURSOR_SECRET, ENV.PREVIOUS_CURSOR_SECRET]);
  });

  it('prefers secrets when both are given', () => {
    const config = parseJson(minimal({ cursor: { secret: '${SINGLE_CURSOR_SECRET}', secrets: ['${PREVIOUS_CURSOR_SECRET}'] } }));
    expect(config.cursor.secrets).toEqual([ENV.PREVIOUS_CURSOR_SECRET]);
  });

  it('refuses an empty list and a non-string entry, by path', () => {
    const error = expectConfigError(() => parseJson(minimal({ cursor: { secrets: [] } })));
    expect(error.problems.map((problem) => problem.split(':')[0])).toEqual(['cursor.secrets']);
    const wrong = expectConfigError(() => parseJson(minimal({ cursor: { secrets: ['${GATEWAY_CURSOR_SECRET}', 42] } })));
    expect(wrong.problems.map((problem) => problem.split(':')[0])).toEqual(['cursor.secrets[1]']);
  });
});
