import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { ConfigError, loadConfigFile, parseConfig } from '../../src/config/load-config.js';
import { isLoopbackHost, openAuthProblems } from '../../src/config/loopback-only.js';
import { resolveDirectory } from '../../src/config/resolve-directory.js';
import { rsaKeyPair } from '../support/jwt-keys.js';

const ENV = {
  GATEWAY_JWT_SECRET: 'env-jwt-secret-0123456789abcdef',
  GATEWAY_CURSOR_SECRET: 'env-cursor-secret-0123456789abcdef',
  CONVOCORE_KEY: 'env-convocore-key-0123',
  CHATDASH_KEY: 'env-chatdash-key-0123',
  XI_API_KEY: 'env-xi-key-0123',
  TETHER_TOKEN: 'env-tether-token-0123',
};
const LITERAL = 'literal-secret-written-in-the-file';

function base(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    auth: { mode: 'jwt', secret: '${GATEWAY_JWT_SECRET}' },
    cursor: { secret: '${GATEWAY_CURSOR_SECRET}' },
    connections: { cc: { adapter: 'convocore', baseUrl: 'https://eu-gcp-api.vg-stuff.com/v3', apiKey: '${CONVOCORE_KEY}' } },
    agents: { bot: { name: 'Bot', org: 'acme', sources: [{ connection: 'cc', agentId: 'a1' }] } },
    ...overrides,
  };
}

function refused(document: unknown, source = 'test.json'): ConfigError {
  try {
    parseConfig(JSON.stringify(document), source, ENV);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const text = `${(error as ConfigError).message}\n${(error as ConfigError).problems.join('\n')}`;
    for (const secret of [LITERAL, ...Object.values(ENV)]) expect(text).not.toContain(secret);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const fields = (error: ConfigError) => error.problems.map((problem) => problem.split(':')[0]);

describe('secrets only through ${ENV} or files', () => {
  it('a literal secret anywhere is refused by field, without echoing it', () => {
    const error = refused(
      base({
        auth: { mode: 'jwt', secret: LITERAL },
        cursor: { secrets: ['${GATEWAY_CURSOR_SECRET}', LITERAL] },
        connections: {
          cc: { adapter: 'convocore', baseUrl: 'https://eu-gcp-api.vg-stuff.com/v3', apiKey: LITERAL },
          td: { adapter: 'tether', baseUrl: 'https://tether.example.com', token: `prefix-\${TETHER_TOKEN}` },
        },
      }),
    );
    expect(fields(error)).toEqual(['auth.secret', 'cursor.secrets[1]', 'connections.cc.apiKey', 'connections.td.token']);
    expect(error.problems[0]).toContain('${ENV_NAME}');
    expect(error.problems[0]).toContain('auth.secretFile');
  });

  it('${ENV} references, alone or joined, are accepted', () => {
    const config = parseConfig(JSON.stringify(base({ cursor: { secrets: ['${GATEWAY_CURSOR_SECRET}${XI_API_KEY}'] } })), 'test.json', ENV);
    expect(config.cursor.secrets).toEqual([`${ENV.GATEWAY_CURSOR_SECRET}${ENV.XI_API_KEY}`]);
  });

  it('loads examples/gateway.example.yaml, which uses ${ENV} only', async () => {
    const config = await loadConfigFile(new URL('../../examples/gateway.example.yaml', import.meta.url).pathname, ENV);
    expect(config.auth.secret).toBe(ENV.GATEWAY_JWT_SECRET);
    expect(() => resolveDirectory(config, adapterModules)).not.toThrow();
  });
});

describe('…File fields', () => {
  let directory: string;
  const rsa = rsaKeyPair('k1');
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gateway-secrets-'));
    await writeFile(join(directory, 'jwt.secret'), 'file-jwt-secret-0123456789\n');
    await writeFile(join(directory, 'cursor-new'), 'file-cursor-new-0123456789');
    await writeFile(join(directory, 'cursor-old'), 'file-cursor-old-0123456789\r\n');
    await writeFile(join(directory, 'vendor.key'), 'file-vendor-key-0123\n');
    await writeFile(join(directory, 'public.pem'), rsa.publicPem);
    await writeFile(join(directory, 'empty'), '\n');
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads secretFile, secretFiles, apiKeyFile, tokenFile and publicKeyFile relative to the config file', async () => {
    const path = join(directory, 'gateway.json');
    await writeFile(
      path,
      JSON.stringify(
        base({
          auth: { mode: 'jwt', secretFile: 'jwt.secret' },
          cursor: { secretFiles: ['cursor-new', join(directory, 'cursor-old')] },
          connections: {
            cc: { adapter: 'convocore', baseUrl: 'https://eu-gcp-api.vg-stuff.com/v3', apiKeyFile: 'vendor.key' },
            td: { adapter: 'tether', baseUrl: 'https://tether.example.com', tokenFile: 'vendor.key' },
          },
        }),
      ),
    );
    const config = await loadConfigFile(path, ENV);
    // secretFile is read into secret and gone; the rest is what the schema fills in.
    expect(config.auth).toEqual({ mode: 'jwt', secret: 'file-jwt-secret-0123456789', jwksCacheTtlMs: 600_000, jwksTimeoutMs: 3_000, maxTokenAgeSeconds: 86_400, clockSkewSeconds: 60 });
    expect(config.cursor.secrets).toEqual(['file-cursor-new-0123456789', 'file-cursor-old-0123456789']);
    expect(config.connections.cc).toMatchObject({ apiKey: 'file-vendor-key-0123' });
    expect(config.connections.cc).not.toHaveProperty('apiKeyFile');
    expect(config.connections.td).toMatchObject({ token: 'file-vendor-key-0123' });

    await writeFile(path, JSON.stringify(base({ auth: { mode: 'jwt', publicKeyFile: 'public.pem', issuer: 'https://issuer.test' } })));
    expect((await loadConfigFile(path, ENV)).auth.publicKey).toBe(rsa.publicPem.trimEnd());
  });

  it('names the field of a missing or empty file, and of a secret given both ways', () => {
    const source = join(directory, 'gateway.json');
    const error = refused(
      base({
        auth: { mode: 'jwt', secretFile: 'nowhere.secret' },
        cursor: { secretFile: 'empty' },
        connections: { cc: { adapter: 'convocore', baseUrl: 'https://eu-gcp-api.vg-stuff.com/v3', apiKey: '${CONVOCORE_KEY}', apiKeyFile: 'vendor.key' } },
      }),
      source,
    );
    expect(error.problems).toEqual([
      'auth.secretFile: cannot read the file (ENOENT)',
      'cursor.secretFile: the file is empty',
      'connections.cc.apiKeyFile: give apiKey or apiKeyFile, not both',
    ]);
  });
});

describe('auth key sources', () => {
  const rsa = rsaKeyPair('k1');

  it('needs exactly one of secret, publicKey and jwksUrl with mode jwt', () => {
    expect(fields(refused(base({ auth: { mode: 'jwt' } })))).toEqual(['auth.secret']);
    const both = refused(base({ auth: { mode: 'jwt', secret: '${GATEWAY_JWT_SECRET}', jwksUrl: 'https://idp.test/jwks.json' } }));
    expect(both.problems).toEqual(['auth: give exactly one of secret (or secretFile), publicKey (or publicKeyFile) or jwksUrl']);
  });

  it('refuses a private key, an unreadable key and algorithms that do not fit the key', () => {
    const { privateKey } = rsa;
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(refused(base({ auth: { mode: 'jwt', publicKey: privatePem } })).problems[0]).toMatch(/^auth\.publicKey: holds a private key/);
    expect(refused(base({ auth: { mode: 'jwt', publicKey: 'not a key' } })).problems).toEqual(['auth.publicKey: is not a PEM public key']);
    const unfit = refused(base({ auth: { mode: 'jwt', publicKey: rsa.publicPem, algorithms: ['HS256', 'RS256'] } }));
    expect(unfit.problems[0]).toMatch(/^auth\.algorithms: HS256 cannot be verified with this key/);
    expect(fields(refused(base({ auth: { mode: 'jwt', secret: '${GATEWAY_JWT_SECRET}', algorithms: ['none'] } })))).toEqual(['auth.algorithms[0]']);
  });

  it('accepts a literal public key (it is not a secret) and a JWKS URL', () => {
    expect(parseConfig(JSON.stringify(base({ auth: { mode: 'jwt', publicKey: rsa.publicPem } })), 'test.json', ENV).auth.publicKey).toBe(rsa.publicPem);
    const jwks = parseConfig(JSON.stringify(base({ auth: { mode: 'jwt', jwksUrl: 'https://idp.test/.well-known/jwks.json', audience: 'gateway' } })), 'test.json', ENV);
    expect(jwks.auth).toMatchObject({ jwksUrl: 'https://idp.test/.well-known/jwks.json', audience: 'gateway' });
  });

  it('fills in the rate limit defaults and keeps what the file sets', () => {
    expect(parseConfig(JSON.stringify(base()), 'test.json', ENV).rateLimit).toEqual({ enabled: true, max: 6000, timeWindowMs: 60_000 });
    const set = parseConfig(JSON.stringify(base({ rateLimit: { max: 10 } })), 'test.json', ENV);
    expect(set.rateLimit).toEqual({ enabled: true, max: 10, timeWindowMs: 60_000 });
  });
});

describe('auth.mode none only on loopback', () => {
  const none = () => parseConfig(JSON.stringify(base({ auth: { mode: 'none' } })), 'test.json', ENV);

  it('is refused on a public address, naming auth.mode', () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'gateway.internal']) {
      expect(openAuthProblems(none().auth, host), host).toEqual([expect.stringMatching(/^auth\.mode: none lets anyone read every agent/)]);
    }
  });

  it('is allowed on loopback, and mode jwt anywhere', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(openAuthProblems(none().auth, host)).toEqual([]);
    }
    expect(openAuthProblems(parseConfig(JSON.stringify(base()), 'test.json', ENV).auth, '0.0.0.0')).toEqual([]);
  });
});
