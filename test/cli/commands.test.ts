import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { checkConfig } from '../../src/cli/check-config-command.js';
import { parseCommand, parseDuration, UsageError } from '../../src/cli/cli-command.js';
import { mintToken } from '../../src/cli/token-command.js';
import type { AuthConfig } from '../../src/config/gateway-config.js';
import { ConfigError } from '../../src/config/load-config.js';
import { agentsWith, appWithAuth } from '../auth/auth-app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const JWT_SECRET = 'cli-test-jwt-secret-0123456789';

const CONFIG_YAML = `auth: { mode: jwt, secret: \${CLI_TEST_JWT_SECRET}, issuer: https://issuer.example }
cursor: { secret: \${CLI_TEST_CURSOR_SECRET} }
connections:
  cc: { adapter: convocore, baseUrl: https://eu-gcp-api.vg-stuff.com/v3, apiKey: \${CLI_TEST_KEY} }
agents:
  bot: { name: Bot, org: acme, sources: [{ connection: cc, agentId: a1 }] }
`;

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gateway-cli-'));
  process.env.CLI_TEST_JWT_SECRET = JWT_SECRET;
  process.env.CLI_TEST_KEY = 'cli-test-vendor-key';
  process.env.CLI_TEST_CURSOR_SECRET = 'cli-test-cursor-secret-0123456789';
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('parseCommand', () => {
  it('reads help, version, serve options and the subcommands', () => {
    expect(parseCommand(['--help'])).toEqual({ name: 'help' });
    expect(parseCommand(['token', '--help'])).toEqual({ name: 'help' });
    expect(parseCommand(['--version'])).toEqual({ name: 'version' });
    expect(parseCommand([])).toEqual({ name: 'serve' });
    expect(parseCommand(['--config', 'g.yaml', '--port', '9000'])).toEqual({ name: 'serve', config: 'g.yaml', port: '9000' });
    expect(parseCommand(['check-config', 'g.yaml'])).toEqual({ name: 'check-config', file: 'g.yaml' });
    expect(parseCommand(['token', '--role', 'department_head', '--org', 'acme', '--department', 'sales', '--ttl', '12h'])).toEqual({
      name: 'token',
      role: 'DEPARTMENT_HEAD',
      org: 'acme',
      department: 'sales',
      sub: 'department_head-operator',
      ttlSeconds: 43_200,
    });
  });

  it('refuses what it cannot run, in words', () => {
    expect(() => parseCommand(['serve-now'])).toThrow(new UsageError('unknown command serve-now'));
    expect(() => parseCommand(['--prot', '1'])).toThrow(/Unknown option '--prot'/);
    expect(() => parseCommand(['check-config'])).toThrow(/check-config takes one config file/);
    expect(() => parseCommand(['token', '--org', 'acme'])).toThrow(/--role, one of SUPERADMIN, ADMIN, DEPARTMENT_HEAD, AGENT/);
    expect(() => parseCommand(['token', '--role', 'ADMIN'])).toThrow(/--org/);
    expect(() => parseCommand(['token', '--role', 'DEPARTMENT_HEAD', '--org', 'acme'])).toThrow(/--department/);
    expect(parseCommand(['token', '--role', 'SUPERADMIN'])).toMatchObject({ role: 'SUPERADMIN' });
  });

  it('reads durations in seconds, minutes, hours and days', () => {
    expect([parseDuration('90'), parseDuration('90s'), parseDuration('30m'), parseDuration('7d')]).toEqual([90, 90, 1800, 604_800]);
    for (const bad of ['0', '1w', '-5', '400d', 'soon']) expect(() => parseDuration(bad)).toThrow(UsageError);
  });
});

describe('token', () => {
  it('mints an HMAC token the configured gateway accepts, with the issuer the config requires', async () => {
    const auth: AuthConfig = { mode: 'jwt', secret: JWT_SECRET, issuer: 'https://issuer.example' };
    const app = await appWithAuth(auth);
    try {
      const token = await mintToken(
        { name: 'token', role: 'ADMIN', org: 'acme', sub: 'ops', ttlSeconds: 60 },
        auth,
      );
      const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
      expect(payload).toMatchObject({ sub: 'ops', role: 'ADMIN', org: 'acme', iss: 'https://issuer.example' });
      expect((payload.exp as number) - (payload.iat as number)).toBe(60);
      expect((await agentsWith(app, token)).status).toBe(200);
      const unsigned = `${token.slice(0, token.lastIndexOf('.'))}.`;
      expect((await agentsWith(app, unsigned)).status).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('signs with a private key when auth checks the public one, and refuses to guess otherwise', async () => {
    for (const pair of [generateKeyPairSync('rsa', { modulusLength: 2048 }), generateKeyPairSync('ec', { namedCurve: 'P-384' }), generateKeyPairSync('ed25519')]) {
      const auth: AuthConfig = { mode: 'jwt', publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
      const keyFile = join(folder, `key-${pair.privateKey.asymmetricKeyType}.pem`);
      await writeFile(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const app = await appWithAuth(auth);
      try {
        const request = { name: 'token', role: 'ADMIN', org: 'acme', sub: 'ops', ttlSeconds: 60 } as const;
        await expect(mintToken(request, auth)).rejects.toThrow(/--private-key FILE/);
        const token = await mintToken({ ...request, privateKeyFile: keyFile }, auth);
        expect((await agentsWith(app, token)).status, String(pair.privateKey.asymmetricKeyType)).toBe(200);
      } finally {
        await app.close();
      }
    }
    await expect(
      mintToken({ name: 'token', role: 'ADMIN', org: 'acme', sub: 'ops', ttlSeconds: 60 }, { mode: 'none' }),
    ).rejects.toThrow(/checks no tokens/);
  });
});

describe('check-config', () => {
  it('summarizes a config that can start the gateway', async () => {
    const file = join(folder, 'good.yaml');
    await writeFile(file, CONFIG_YAML);
    const summary = await checkConfig(file, adapterModules);
    expect(summary).toContain(`${file}: valid`);
    expect(summary).toContain('connections: cc (convocore)');
    expect(summary).toContain('auth: jwt, HS256');
    expect(summary).not.toContain(JWT_SECRET);
  });

  it('lists every problem, bindings included', async () => {
    const file = join(folder, 'bad.yaml');
    await writeFile(file, CONFIG_YAML.replace('agentId: a1', 'agentid: a1').replace('cursor: {', 'curser: {'));
    const error = await checkConfig(file, adapterModules).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toContain('curser: is not a known field (did you mean cursor?)');
  });

  it('runs from the command line: exit 0 for a good file, 2 with the problems for a bad one', async () => {
    const run = promisify(execFile);
    const good = join(folder, 'cli-good.yaml');
    await writeFile(good, CONFIG_YAML);
    const env = { ...process.env, CLI_TEST_JWT_SECRET: JWT_SECRET, CLI_TEST_KEY: 'k', CLI_TEST_CURSOR_SECRET: 'cli-test-cursor-secret-0123456789' };
    const ok = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'check-config', good], { cwd: ROOT, env });
    expect(ok.stdout).toContain('valid');
    const failed = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'check-config', good], {
      cwd: ROOT,
      env: { ...env, CLI_TEST_JWT_SECRET: 'short' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('auth.secret: is 5 characters long; use at least 16');
    const version = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--version'], { cwd: ROOT });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 60_000);
});

describe('the README token recipe', () => {
  it('export TOKEN=$(GATEWAY_CONFIG=… npm start -s -- token …) captures the token and nothing else', async () => {
    const file = join(folder, 'recipe.yaml');
    await writeFile(file, CONFIG_YAML);
    const env = { ...process.env, CLI_TEST_JWT_SECRET: JWT_SECRET, GATEWAY_CONFIG: file } as Record<string, string>;
    for (const name of ['CLI_TEST_KEY', 'CLI_TEST_CURSOR_SECRET', 'NODE_OPTIONS']) delete env[name];
    const { stdout } = await promisify(execFile)('npm', ['start', '-s', '--', 'token', '--role', 'ADMIN', '--org', 'acme', '--ttl', '12h'], { cwd: ROOT, env });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const app = await appWithAuth({ mode: 'jwt', secret: JWT_SECRET, issuer: 'https://issuer.example' });
    try {
      expect((await agentsWith(app, stdout.trim())).status).toBe(200);
    } finally {
      await app.close();
    }
  }, 60_000);
});
