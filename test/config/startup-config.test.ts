import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { checkConfig } from '../../src/cli/check-config-command.js';
import { ConfigError, loadAuthConfig } from '../../src/config/load-config.js';
import { loadStartupConfig } from '../../src/config/startup-config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENV = { STARTUP_TEST_KEY: 'startup-test-vendor-key', STARTUP_TEST_CURSOR: 'startup-test-cursor-secret-0123' };

/** One problem of every kind the checks find, each in a different round before they ran together. */
const MANY_PROBLEMS = `server: { host: 0.0.0.0, port: 8080 }
auth: { mode: none }
cursor: { secretFile: missing-cursor-secret }
limts: {}
connections:
  cc: { adapter: convocore, baseUrl: ftp://nowhere, apiKey: \${STARTUP_TEST_UNSET} }
  lit: { adapter: chatdash, baseUrl: https://api.chat-dash.com/v1/public, apiKey: written-here }
  odd: { adapter: chat-dash, baseUrl: https://api.example.com, apiKey: \${STARTUP_TEST_KEY} }
  tether: { adapter: tether, baseUrl: https://tether.example.com, token: \${STARTUP_TEST_KEY}, retries: 11 }
agents:
  bot:
    name: Bot
    org: acme
    sources:
      - { connection: cc, agentID: a1 }
      - { connection: tether, userId: not-an-object-id, type: watcher }
  nameless: { org: acme, sources: [{ connection: lit, agentId: x }] }
`;

const EXPECTED_PROBLEMS = [
  'connections.cc.apiKey: environment variable STARTUP_TEST_UNSET is not set',
  'connections.lit.apiKey: a secret must not be written into the config file; use ${ENV_NAME} or connections.lit.apiKeyFile',
  'limts: is not a known field (did you mean limits?)',
  'connections.cc.baseUrl: must be an http:// or https:// URL',
  'connections.tether.retries: must be at most 10',
  'agents.nameless.name: is required',
  'cursor.secretFile: cannot read the file (ENOENT)',
  expect.stringMatching(/^connections\.odd\.adapter: unknown adapter "chat-dash" \(known: .*chatdash.*\)$/),
  'agents.bot.sources[0].agentID: is not a known field (did you mean agentId?)',
  'agents.bot.sources[1].userId: must be a Tether user id: an ObjectId of 24 hexadecimal digits',
  'agents.bot.sources[1].type: must be one of assignee, owner',
  'auth.mode: none lets anyone read every agent and is only allowed when the gateway listens on loopback (server.host 127.0.0.1 or ::1), not on 0.0.0.0',
];

const OPEN_AUTH = `server: { host: 0.0.0.0 }
auth: { mode: none }
cursor: { secret: \${STARTUP_TEST_CURSOR} }
connections: { cc: { adapter: convocore, baseUrl: https://eu-gcp-api.vg-stuff.com/v3, apiKey: \${STARTUP_TEST_KEY} } }
agents: { bot: { name: Bot, org: acme, sources: [{ connection: cc, agentId: a1 }] } }
`;

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gateway-startup-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

async function problemsOf(run: () => Promise<unknown>): Promise<string[]> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('start-up and check-config run the same checks', () => {
  it('report every problem of a file in one run: schema, secrets, files, adapters, bindings and open auth', async () => {
    const path = await fileWith('many.yaml', MANY_PROBLEMS);
    expect(await problemsOf(() => loadStartupConfig(path, adapterModules, {}, ENV))).toEqual(EXPECTED_PROBLEMS);
    expect(await problemsOf(() => checkConfig(path, adapterModules, ENV))).toEqual(EXPECTED_PROBLEMS);
  });

  it('check-config refuses auth.mode none where start would listen on every interface (the file, or HOST)', async () => {
    const open = await fileWith('open.yaml', OPEN_AUTH);
    expect(await problemsOf(() => checkConfig(open, adapterModules, ENV))).toEqual([expect.stringMatching(/^auth\.mode: none .* not on 0\.0\.0\.0$/)]);
    const loopback = await fileWith('loopback.yaml', OPEN_AUTH.replace('0.0.0.0', '127.0.0.1'));
    expect(await checkConfig(loopback, adapterModules, ENV)).toContain('listens on: 127.0.0.1:8080');
    expect(await problemsOf(() => checkConfig(loopback, adapterModules, { ...ENV, HOST: '0.0.0.0' }))).toHaveLength(1);
  });

  it('the processes agree: check-config and start both exit 2 with the same lines', async () => {
    const path = await fileWith('many-cli.yaml', MANY_PROBLEMS);
    const env = { ...process.env, ...ENV } as Record<string, string>;
    for (const name of ['GATEWAY_CONFIG', 'PORT', 'HOST', 'NODE_OPTIONS']) delete env[name];
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
    const [checked, started] = await Promise.all([run(['check-config', path]), run(['--config', path])]);
    expect(checked.code).toBe(2);
    expect(started.code).toBe(2);
    expect(checked.stderr).toBe(started.stderr);
    expect(checked.stderr.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(EXPECTED_PROBLEMS.length);
  }, 60_000);
});

describe('token needs only the auth section', () => {
  const AUTH_ONLY = `auth: { mode: jwt, secret: \${STARTUP_TEST_JWT} }
cursor: { secret: \${STARTUP_TEST_CURSOR} }
connections: { cc: { adapter: convocore, baseUrl: https://eu-gcp-api.vg-stuff.com/v3, apiKey: \${CONVOCORE_KEY} } }
agents: { bot: { name: Bot, org: acme, sources: [{ connection: cc, agentId: a1 }] } }
`;

  it('reads auth while a vendor credential variable is not set, and still refuses a bad auth section', async () => {
    const path = await fileWith('auth-only.yaml', AUTH_ONLY);
    const jwt = 'startup-test-jwt-secret-0123456789';
    expect(await loadAuthConfig(path, { STARTUP_TEST_JWT: jwt })).toEqual({ mode: 'jwt', secret: jwt, jwksCacheTtlMs: 600_000, jwksTimeoutMs: 3_000, maxTokenAgeSeconds: 86_400, clockSkewSeconds: 60 });
    expect(await problemsOf(() => loadAuthConfig(path, {}))).toEqual(['auth.secret: environment variable STARTUP_TEST_JWT is not set']);
    expect(await problemsOf(() => loadAuthConfig(path, { STARTUP_TEST_JWT: 'short' }))).toEqual([expect.stringMatching(/^auth\.secret: is 5 characters long/)]);
    const notYaml = await fileWith('not-yaml.yaml', 'auth: [\n');
    expect(await problemsOf(() => loadAuthConfig(notYaml, {}))).toEqual([
      expect.stringMatching(/^the file is not valid YAML or JSON/),
    ]);
  });

  it('the token command prints a token with CONVOCORE_KEY unset', async () => {
    const path = await fileWith('auth-only-cli.yaml', AUTH_ONLY);
    const env = { ...process.env, STARTUP_TEST_JWT: 'startup-test-jwt-secret-0123456789' } as Record<string, string>;
    for (const name of ['CONVOCORE_KEY', 'STARTUP_TEST_CURSOR', 'NODE_OPTIONS']) delete env[name];
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'token', '--config', path, '--role', 'ADMIN', '--org', 'acme'], {
      cwd: ROOT,
      env,
    });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  }, 30_000);
});
