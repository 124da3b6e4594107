import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { signToken } from '../../src/auth/sign-token.js';
import { startSandboxWorld, type SandboxWorld } from '../../src/sandbox/sandbox-world.js';
import { completePage, killAllGateways, listeningUrl, settlesWithin, startGatewayProcess, waitForGateway, writeWorldConfig } from '../support/gateway-process.js';

const VENDORS = adapterModules.map((module) => module.adapter.vendor);

async function status(url: string): Promise<number | undefined> {
  try {
    return (await fetch(url)).status;
  } catch {
    return undefined;
  }
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gateway-cli-'));
});
afterEach(() => killAllGateways());
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('npm start -- --config FILE', () => {
  const secrets = { TEST_JWT_SECRET: 'cli-test-jwt-secret-0123456789', TEST_CURSOR_SECRET: 'cli-test-cursor-secret-0123456789' };
  let world: SandboxWorld;
  const env: Record<string, string> = { ...secrets, LOG_LEVEL: 'info' };
  let configPath: string;

  beforeAll(async () => {
    world = await startSandboxWorld({ modules: adapterModules, seed: 11 });
    configPath = join(directory, 'gateway.json');
    await writeWorldConfig(configPath, world, env);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('serves merged rows from the file config, is ready, and closes cleanly on SIGTERM', async () => {
    const gateway = startGatewayProcess(['--config', configPath], env);
    const url = await waitForGateway('the listening log line', gateway, () => listeningUrl(gateway.stdout()));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await waitForGateway('/readyz 200', gateway, async () => ((await status(`${url}/readyz`)) === 200 ? true : undefined));

    const token = signToken(secrets.TEST_JWT_SECRET, { sub: 'cli-test', org: 'acme', role: 'ADMIN' });
    const { status: pageStatus, body } = await completePage<{
      data: { rows: { source: string }[]; sources: { source: string; status: string }[]; pagination: { hasMore: boolean }; partial: boolean };
    }>(`${url}/v1/agents/support-bot/conversations?limit=50`, { authorization: `Bearer ${token}` });
    expect(pageStatus).toBe(200);
    expect(body.data.rows).toHaveLength(50);
    expect(body.data.pagination.hasMore).toBe(true);
    expect(body.data.sources.map((source) => source.status)).toEqual(body.data.sources.map(() => 'ok'));
    expect(body.data.sources.length).toBeGreaterThanOrEqual(VENDORS.length);
    expect((await fetch(`${url}/v1/agents/support-bot/conversations`)).status).toBe(401);
    // Only the sandbox hands out a token to the explorer page.
    expect((await fetch(`${url}/explorer/sandbox-token`)).status).toBe(404);

    gateway.child.kill('SIGTERM');
    expect(await settlesWithin(gateway.exited, 5_000)).toBe(0);
    for (const secret of Object.values(env)) expect(gateway.stdout() + gateway.stderr()).not.toContain(secret);
  });

  it('reads the config path from GATEWAY_CONFIG as well', async () => {
    const gateway = startGatewayProcess([], { ...env, GATEWAY_CONFIG: configPath });
    const url = await waitForGateway('the listening log line', gateway, () => listeningUrl(gateway.stdout()));
    expect(await status(`${url}/healthz`)).toBe(200);
    gateway.child.kill('SIGTERM');
    expect(await settlesWithin(gateway.exited, 5_000)).toBe(0);
  });
});

describe('an invalid config', () => {
  const secret = 'do-not-print-this-secret-0123456789';

  it('exits with code 2 and names every bad field, never a secret', async () => {
    const path = join(directory, 'bad.yaml');
    await writeFile(
      path,
      [
        'server: { port: 99999 }',
        'auth: { mode: jwt, secret: ${BAD_JWT_SECRET} }',
        'cursor: { secret: ${BAD_CURSOR_SECRET} }',
        'connections:',
        '  x: { adapter: convocore, baseUrl: not-a-url, apiKey: ${BAD_JWT_SECRET} }',
        'agents:',
        '  y: { name: Y, org: acme, sources: [ { agentId: abc } ] }',
        '',
      ].join('\n'),
    );
    const gateway = startGatewayProcess(['--config', path], { BAD_JWT_SECRET: secret });
    expect(await settlesWithin(gateway.exited, 20_000)).toBe(2);
    const stderr = gateway.stderr();
    expect(stderr).toContain(path);
    expect(stderr).toContain('cursor.secret: environment variable BAD_CURSOR_SECRET is not set');
    expect(stderr).not.toContain(secret);
    expect(gateway.stdout()).not.toContain(secret);

    await writeFile(
      path,
      [
        'server: { port: 99999 }',
        'auth: { mode: jwt, secret: ${BAD_JWT_SECRET} }',
        'cursor: { secret: ${BAD_JWT_SECRET} }',
        'connections:',
        '  x: { adapter: convocore, baseUrl: not-a-url, apiKey: ${BAD_JWT_SECRET} }',
        'agents:',
        '  y: { name: Y, org: acme, sources: [ { agentId: abc } ] }',
        '',
      ].join('\n'),
    );
    const again = startGatewayProcess(['--config', path], { BAD_JWT_SECRET: secret });
    expect(await settlesWithin(again.exited, 20_000)).toBe(2);
    for (const field of ['server.port', 'connections.x.baseUrl', 'agents.y.sources[0].connection']) {
      expect(again.stderr()).toContain(field);
    }
    expect(again.stderr() + again.stdout()).not.toContain(secret);
  });

  it('exits with code 2 for bindings the adapters refuse', async () => {
    const path = join(directory, 'bindings.json');
    await writeFile(
      path,
      JSON.stringify({
        auth: { mode: 'jwt', secret: '${BAD_JWT_SECRET}' },
        cursor: { secret: '${BAD_JWT_SECRET}' },
        connections: {
          x: { adapter: 'nosuchvendor', baseUrl: 'https://example.com', apiKey: '${BAD_JWT_SECRET}' },
          tether: { adapter: 'tether', baseUrl: 'https://tether.example.com', token: '${BAD_JWT_SECRET}' },
        },
        agents: { y: { name: 'Y', org: 'acme', sources: [{ connection: 'tether', type: 'assignee' }] } },
      }),
    );
    const gateway = startGatewayProcess(['--config', path], { BAD_JWT_SECRET: secret });
    expect(await settlesWithin(gateway.exited, 20_000)).toBe(2);
    expect(gateway.stderr()).toContain(`invalid configuration ${path}:`);
    expect(gateway.stderr()).toContain('connections.x.adapter: unknown adapter "nosuchvendor"');
    expect(gateway.stderr()).toContain('agents.y.sources[0].userId: is required');
    expect(gateway.stderr() + gateway.stdout()).not.toContain(secret);
  });

  it('exits with code 2 when the file does not exist', async () => {
    const gateway = startGatewayProcess(['--config', join(directory, 'nowhere.yaml')], {});
    expect(await settlesWithin(gateway.exited, 20_000)).toBe(2);
    expect(gateway.stderr()).toContain('nowhere.yaml');
  });
});

describe('npm start with no config: the sandbox', () => {
  it('prints a token and curl examples whose first page already merges rows from every vendor', async () => {
    const gateway = startGatewayProcess([], { PORT: '0' });
    const banner = await waitForGateway('the banner', gateway, () => (gateway.stdout().includes('Ctrl-C stops') ? gateway.stdout() : undefined));
    const token = /export TOKEN=(\S+)/.exec(banner)?.[1];
    expect(token).toBeDefined();
    const curls = [...banner.matchAll(/curl -s -H "Authorization: Bearer \$TOKEN" "?([^"\s]+)"?/g)].map((match) => match[1]!);
    expect(curls.length).toBeGreaterThanOrEqual(4);
    const headers = { authorization: `Bearer ${token}` };

    const agents = await fetch(curls[0]!, { headers });
    expect(agents.status).toBe(200);
    const listed = (await agents.json()) as { data: { agents: { id: string; sources: { vendor: string }[] }[] } };
    const supportBot = listed.data.agents.find((agent) => agent.id === 'support-bot')!;
    expect(supportBot.sources.map((source) => source.vendor)).toEqual(expect.arrayContaining(VENDORS));

    const firstConversations = curls.find((url) => url.includes('/conversations'))!;
    const { status: pageStatus, body } = await completePage<{ data: { rows: { vendor: string }[]; sources: { status: string }[]; partial: boolean } }>(
      firstConversations,
      headers,
    );
    expect(pageStatus).toBe(200);
    expect(body.data.rows).toHaveLength(50);
    expect(body.data.partial).toBe(false);
    expect(body.data.sources.map((source) => source.status)).toEqual(body.data.sources.map(() => 'ok'));
    // Which vendors the first 50 rows come from depends on how dense each one's data is: only registered ones.
    expect(VENDORS).toEqual(expect.arrayContaining([...new Set(body.data.rows.map((row) => row.vendor))]));

    for (const url of curls.filter((candidate) => !candidate.includes('$CURSOR') && !candidate.includes('$ROW'))) {
      expect((await fetch(url, { headers })).status, url).toBe(200);
    }

    // The printed explorer link, and the one-click token its page is offered: the printed ADMIN one.
    const gatewayUrl = /Gateway\s+(\S+)/.exec(banner)?.[1];
    expect(banner).toContain(`Explorer  ${gatewayUrl}/explorer`);
    const offered = await fetch(`${gatewayUrl}/explorer/sandbox-token`);
    expect(offered.status).toBe(200);
    expect(((await offered.json()) as { token: string }).token).toBe(token);
    // The next-page example works when pasted: bash runs the banner's lines as printed.
    const pasted = banner
      .split('\n')
      .filter((line) => /^\s*(CURSOR=|curl .*\$CURSOR)/.test(line))
      .join('\n');
    expect(pasted).toContain('cursor=$CURSOR');
    const { stdout } = await promisify(execFile)('bash', ['-c', pasted], { env: { ...process.env, TOKEN: token! } });
    const secondPage = JSON.parse(stdout) as { success: boolean; data: { rows: { id: string }[] } };
    expect(secondPage.success).toBe(true);
    expect(secondPage.data.rows).toHaveLength(5);
    const firstFive = body.data.rows.slice(0, 5) as unknown as { id: string }[];
    const nextFive = (body.data.rows.slice(5, 10) as unknown as { id: string }[]).map((row) => row.id);
    expect(secondPage.data.rows.map((row) => row.id)).toEqual(nextFive);
    expect(firstFive.map((row) => row.id)).not.toContain(secondPage.data.rows[0]!.id);
    // The conversation example works when pasted: a Retell call and what was said in it.
    const conversation = banner
      .split('\n')
      .filter((line) => /^\s*(ROW=|curl .*\$ROW)/.test(line))
      .join('\n');
    const said = JSON.parse((await promisify(execFile)('bash', ['-c', conversation], { env: { ...process.env, TOKEN: token! } })).stdout) as {
      data: { row: { vendor: string }; messages: unknown[]; transcript: { status: string } };
    };
    expect(said.data.row.vendor).toBe('retell');
    expect(said.data.transcript.status).toBe('ok');
    expect(said.data.messages.length).toBeGreaterThan(0);
    // The fault switch works when pasted, and the next page shows chatdash failing.
    const faultLine = banner.split('\n').find((line) => line.includes('/sandbox/faults'))!;
    const switched = JSON.parse((await promisify(execFile)('bash', ['-c', faultLine], { env: { ...process.env, TOKEN: token! } })).stdout) as {
      data: { faults: { connection: string; fault: string }[] };
    };
    expect(switched.data.faults).toEqual([expect.objectContaining({ connection: 'chatdash', fault: 'fail' })]);
    // Pages cached before it (2 s in the sandbox) are served until they expire.
    const partial = async () => ((await (await fetch(firstConversations, { headers })).json()) as { data: { partial: boolean } }).data.partial;
    await expect.poll(partial, { timeout: 30_000, interval: 250 }).toBe(true);

    gateway.child.kill('SIGTERM');
    expect(await settlesWithin(gateway.exited, 12_000)).toBe(0);
  });
});
