import { Agent, request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { signToken } from '../../src/auth/sign-token.js';
import { startSandboxWorld, type SandboxWorld } from '../../src/sandbox/sandbox-world.js';
import { listeningUrl, settlesWithin, startGatewayProcess, waitForGateway, writeWorldConfig, type GatewayProcess } from '../support/gateway-process.js';

const SECRETS = { TEST_JWT_SECRET: 'shutdown-test-jwt-secret-0123456789', TEST_CURSOR_SECRET: 'shutdown-test-cursor-secret-0123456789' };
/** Longer than the 10 s the process used to give in-flight requests; shorter than the configured deadline. */
const REQUEST_DEADLINE_MS = 20_000;

let directory: string;
let world: SandboxWorld;
let configPath: string;
const env: Record<string, string> = { ...SECRETS, LOG_LEVEL: 'info' };
const started: GatewayProcess[] = [];
const agents: Agent[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gateway-shutdown-'));
  world = await startSandboxWorld({ modules: adapterModules, seed: 11 });
  configPath = join(directory, 'gateway.json');
  await writeWorldConfig(configPath, world, env, {
    extra: { limits: { requestDeadlineMs: REQUEST_DEADLINE_MS } },
    connection: { timeoutMs: REQUEST_DEADLINE_MS, retries: 0, cacheTtlMs: 0 },
  });
});
afterEach(() => {
  for (const gateway of started) gateway.child.kill('SIGKILL');
  started.length = 0;
  for (const agent of agents) agent.destroy();
  agents.length = 0;
});
afterAll(async () => {
  await world?.close();
  await rm(directory, { recursive: true, force: true });
});

/** A GET over a keep-alive agent, so the socket stays open after the answer as a browser's would. */
function get(url: string, agent: Agent, headers: Record<string, string> = {}): Promise<{ status: number; body: string; trailers: NodeJS.Dict<string> }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { agent, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, trailers: response.trailers }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function keepAliveAgent(): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(agent);
  return agent;
}

async function runningGateway(): Promise<{ gateway: GatewayProcess; url: string }> {
  const gateway = startGatewayProcess(['--config', configPath], env);
  started.push(gateway);
  const url = await waitForGateway('the listening log line', gateway, () => listeningUrl(gateway.stdout()));
  return { gateway, url };
}

describe('SIGTERM with keep-alive clients and a request in flight', () => {
  for (const vendorDelayMs of [1_500, 11_000]) {
    it(`finishes a request whose vendor answers after ${vendorDelayMs} ms, closes idle keep-alive sockets and exits 0`, async () => {
      const { gateway, url } = await runningGateway();
      const idleClient = keepAliveAgent();
      expect((await get(`${url}/healthz`, idleClient)).status).toBe(200);

      const convocore = world.simulators.get('convocore-eu')!;
      convocore.faults.inject({ kind: 'delay', ms: vendorDelayMs });
      const token = signToken(SECRETS.TEST_JWT_SECRET, { sub: 'shutdown-test', org: 'acme', role: 'ADMIN' });
      const inFlight = get(`${url}/v1/agents/sales-bot/conversations?limit=5&sources=convocore-eu`, keepAliveAgent(), {
        authorization: `Bearer ${token}`,
      });
      await waitForGateway('the vendor call', gateway, () => (convocore.faults.pending === 0 ? true : undefined));

      gateway.child.kill('SIGTERM');
      let answeredAt = 0;
      const answer = await inFlight.then((result) => ((answeredAt = Date.now()), result));
      expect(answer.status).toBe(200);
      expect((JSON.parse(answer.body) as { data: { rows: unknown[] } }).data.rows).toHaveLength(5);

      // Once the last answer is out, nothing is left to wait for: the idle sockets do not hold the process.
      expect(await settlesWithin(gateway.exited, 5_000)).toBe(0);
      expect(answeredAt).toBeGreaterThan(0);
      expect(gateway.stdout()).toContain('"msg":"closed"');
    }, 45_000);
  }

  it('with server.drainMs, answers /readyz 503 and still serves new connections while draining, then closes and exits 0', async () => {
    const drainingConfig = join(directory, 'draining.json');
    const drainingEnv: Record<string, string> = { ...SECRETS, LOG_LEVEL: 'info' };
    await writeWorldConfig(drainingConfig, world, drainingEnv, { extra: { server: { host: '127.0.0.1', port: 0, drainMs: 8_000 } } });
    const gateway = startGatewayProcess(['--config', drainingConfig], drainingEnv);
    started.push(gateway);
    const url = await waitForGateway('the listening log line', gateway, () => listeningUrl(gateway.stdout()));
    expect((await get(`${url}/readyz`, new Agent())).status).toBe(200);

    gateway.child.kill('SIGTERM');
    // Readiness goes first; a load balancer's next check on a new connection sees it.
    const draining = await waitForGateway('/readyz 503', gateway, async () => {
      const ready = await get(`${url}/readyz`, new Agent());
      return ready.status === 503 ? ready : undefined;
    });
    expect(JSON.parse(draining.body)).toMatchObject({ success: false, error: 'NOT_READY' });
    // The drain is 8 s long so that a loaded machine still sends this inside it.
    const token = signToken(SECRETS.TEST_JWT_SECRET, { sub: 'drain-test', org: 'acme', role: 'ADMIN' });
    const served = await get(`${url}/v1/agents/sales-bot/conversations?limit=5`, new Agent(), { authorization: `Bearer ${token}` });
    expect(served.status).toBe(200);
    expect(gateway.stdout()).toContain('"msg":"draining: /readyz answers 503, requests are still served"');

    expect(await settlesWithin(gateway.exited, 15_000)).toBe(0);
    await expect(get(`${url}/healthz`, new Agent())).rejects.toThrow();
  }, 45_000);

  it('refuses new connections once closing began (no drainMs), and exits 0 at once when nothing is in flight', async () => {
    const { gateway, url } = await runningGateway();
    const idleClient = keepAliveAgent();
    expect((await get(`${url}/healthz`, idleClient)).status).toBe(200);
    gateway.child.kill('SIGTERM');
    expect(await settlesWithin(gateway.exited, 5_000)).toBe(0);
    await expect(get(`${url}/healthz`, new Agent())).rejects.toThrow();
  });
});

describe('SIGTERM with an export open', () => {
  for (const format of ['ndjson', 'csv'] as const) {
    it(`ends the ${format} export with a trailer that says the shutdown cut it, and exits 0 (before: exit 1 after 15.2 s, the client's socket reset)`, async () => {
      const { gateway, url } = await runningGateway();
      const convocore = world.simulators.get('convocore-eu')!;
      // The export waits on a vendor far slower than any drain: only the shutdown can end it in time.
      convocore.faults.inject({ kind: 'delay', ms: 60_000 }, { times: Infinity });
      const token = signToken(SECRETS.TEST_JWT_SECRET, { sub: 'shutdown-test', org: 'acme', role: 'ADMIN' });
      const asked = convocore.requests.length;
      const exporting = get(`${url}/v1/agents/support-bot/conversations/export?format=${format}`, keepAliveAgent(), { authorization: `Bearer ${token}` });
      await waitForGateway('the export to wait on the vendor', gateway, () => (convocore.requests.length > asked ? true : undefined));
      const signalledAt = Date.now();
      gateway.child.kill('SIGTERM');
      const answer = await exporting;
      convocore.faults.clear();
      expect(answer.status).toBe(200);
      if (format === 'ndjson') {
        const { trailer } = JSON.parse(answer.body.trim().split('\n').at(-1)!) as { trailer: { complete: boolean; cut?: { reason: string; message: string } } };
        expect(trailer).toMatchObject({ complete: false, cut: { reason: 'cancelled' } });
        expect(trailer.cut!.message).toContain('shutting down');
      } else {
        expect(answer.trailers['x-export-complete']).toBe('false');
        expect(JSON.parse(answer.trailers['x-export-cut']!)).toMatchObject({ reason: 'cancelled' });
      }
      expect(await settlesWithin(gateway.exited, 10_000)).toBe(0);
      // Well inside the drain the process promises (the request deadline plus 5 s).
      expect(Date.now() - signalledAt).toBeLessThan(REQUEST_DEADLINE_MS);
    }, 60_000);
  }
});
