import { afterEach, describe, expect, it } from 'vitest';
import { sandboxConnectionName } from '../../src/sandbox/sandbox-world.js';
import { startSandboxApp, TEST_NOW, type SandboxApp } from '../support/sandbox-app.js';

/**
 * The monitor reads every source's whole window on every page: it is bounded like a page
 * (the request's vendor calls and deadline), charged to its caller as its calls are made,
 * and the reads its own deadline cuts are never held against a vendor.
 */

let sandbox: SandboxApp | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const CHATDASH = sandboxConnectionName('chatdash');

describe('GET /v1/monitor/stalled?skipThreshold=true', () => {
  it('makes at most maxVendorCallsPerRequest vendor calls, each charged to the caller (before: 2,661 calls in 10 s, charged as 1 unit)', async () => {
    sandbox = await startSandboxApp({
      now: () => TEST_NOW,
      adjust: (config) => {
        config.limits.maxVendorCallsPerRequest = 5;
        config.limits.vendorCallsPerRateLimitUnit = 1;
        config.rateLimit = { enabled: true, max: 100, timeWindowMs: 60_000 };
        for (const connection of Object.values(config.connections)) connection.cacheTtlMs = 0;
      },
    });
    const { app, world } = sandbox;
    const headers = { authorization: `Bearer ${sandbox.token({ sub: 'monitor-caller' })}` };
    const vendorCalls = () => [...world.simulators.values()].reduce((sum, simulator) => sum + simulator.requests.length, 0);
    const before = vendorCalls();
    const response = await app.inject({ url: '/v1/monitor/stalled?skipThreshold=true', headers });
    expect(response.statusCode).toBe(200);
    await app.gateway.client.settled();
    const made = vendorCalls() - before;
    expect(made).toBeLessThanOrEqual(5);
    const body = response.json() as { data: { partial: boolean; totalCount: number | null; sources: { status: string; error?: { code: string } }[] } };
    // Stopped short: the page says so, and no total is claimed.
    expect(body.data.partial).toBe(true);
    expect(body.data.totalCount).toBeNull();
    expect(body.data.sources.some((source) => source.error?.code === 'CALL_CAP_REACHED')).toBe(true);
    // The request cost one unit, each vendor call one more: the next request sees what is left.
    const next = await app.inject({ url: '/v1/agents', headers });
    expect(Number(next.headers['x-ratelimit-remaining'])).toBe(100 - 1 - made - 1);
  });
});

describe("the gateway's own deadline cutting a monitor's reads", () => {
  it("is never the vendor's failure: no breaker opens on a connection another org shares, and neither org's health shows it (before: CIRCUIT_OPEN for ~30 s)", async () => {
    sandbox = await startSandboxApp({
      now: () => TEST_NOW,
      adjust: (config) => {
        config.limits.requestDeadlineMs = 300;
        for (const connection of Object.values(config.connections)) {
          connection.cacheTtlMs = 0;
          connection.retries = 0;
          connection.breakerThreshold = 2;
        }
      },
    });
    const { app, world } = sandbox;
    const acme = { authorization: `Bearer ${sandbox.token()}` };
    const globex = { authorization: `Bearer ${sandbox.token({ org: 'globex' })}` };
    // ChatDash (shared by acme's support-bot and globex's helpdesk) answers within its own 5 s timeout, after the 300 ms deadline.
    world.simulators.get(CHATDASH)!.faults.inject({ kind: 'delay', ms: 1_500 }, { times: Infinity });
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const page = await app.inject({ url: '/v1/monitor/stalled?skipThreshold=true', headers: acme });
      expect(page.statusCode).toBe(200);
      const chatdash = (page.json() as { data: { sources: { source: string; status: string; error?: { code: string } }[] } }).data.sources.find((source) => source.source === CHATDASH);
      expect(chatdash).toMatchObject({ status: 'timeout', error: { code: 'DEADLINE_REACHED' } });
    }
    await app.gateway.client.settled();
    world.simulators.get(CHATDASH)!.faults.clear();
    // The other org's next read of the shared connection is let through: no open breaker refuses it
    // (on a loaded machine it may still pass the 300 ms deadline; that is this read's own cut-off).
    const globexPage = await app.inject({ url: '/v1/agents/globex-helpdesk/conversations?limit=5', headers: globex });
    const shared = (globexPage.json() as { data?: { sources: { source: string; status: string; error?: { code: string } }[] } }).data?.sources.find((source) => source.source === CHATDASH);
    expect(shared?.status).not.toBe('circuit_open');
    expect(shared?.error?.code).not.toBe('CIRCUIT_OPEN');
    expect(globexPage.body).not.toContain('CIRCUIT_OPEN');
    for (const headers of [acme, globex]) {
      const connections = (await app.inject({ url: '/v1/connections', headers })).json() as { data: { connections: { connection: string; failures: number; breaker: { state: string } }[] } };
      expect(connections.data.connections.find((connection) => connection.connection === CHATDASH)).toMatchObject({ failures: 0, breaker: { state: 'closed' } });
    }
  });
});
