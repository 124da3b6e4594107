import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultWorld, watchUnhandledRejections, type FaultWorld } from './fault-world.js';

const THRESHOLD = 3;
const COOLDOWN_MS = 400;
const rejections = watchUnhandledRejections();
let world: FaultWorld;

beforeEach(async () => {
  world = await startFaultWorld((config) => {
    config.connections['tether']!.breakerThreshold = THRESHOLD;
    config.connections['tether']!.breakerCooldownMs = COOLDOWN_MS;
  });
});
afterEach(async () => {
  await world.close();
});
afterAll(() => {
  rejections.stop();
  expect(rejections.list).toEqual([]);
});

async function tetherConnection() {
  const response = await world.app.inject({ url: '/v1/connections', headers: { authorization: `Bearer ${world.token()}` } });
  expect(response.statusCode).toBe(200);
  const connections = response.json().data.connections as { connection: string; breaker: { state: string }; lastError: { code: string } | null; lastLatencyMs: number | null }[];
  return connections.find((entry) => entry.connection === 'tether')!;
}

async function breakerGauge(): Promise<string | undefined> {
  const metrics = (await world.app.inject({ url: '/metrics' })).body;
  return /gateway_vendor_breaker_state\{connection="tether"\} (\d)/.exec(metrics)?.[1];
}

describe('a flapping vendor', () => {
  it('opens the breaker, refuses at once while open, re-opens on a failed probe and closes on a good one', async () => {
    const tether = world.simulator('tether');
    tether.faults.inject({ kind: 'status', status: 500 }, { times: THRESHOLD + 1 });
    for (let index = 0; index < THRESHOLD; index += 1) {
      const page = await world.page({ limit: '10' });
      expect(page.sources.get('tether')).toMatchObject({ status: 'error', requests: 1, error: { code: 'VENDOR_HTTP_ERROR' } });
    }
    expect(await tetherConnection()).toMatchObject({ breaker: { state: 'open' }, lastError: { code: 'VENDOR_HTTP_ERROR' } });
    expect(await breakerGauge()).toBe('2');

    const callsWhileOpen = tether.requests.length;
    const refused = await world.page({ limit: '10' });
    expect(refused.status).toBe(200);
    expect(refused.sources.get('tether')).toMatchObject({ status: 'circuit_open', requests: 0, error: { code: 'CIRCUIT_OPEN' } });
    expect(refused.sources.get('tether')!.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(refused.body.data.rows.map((row) => row.id)).toEqual(world.cleanIds(world.healthyOtherThan('tether'), 10));
    expect(tether.requests.length).toBe(callsWhileOpen);

    await sleep(COOLDOWN_MS + 50);
    expect((await tetherConnection()).breaker.state).toBe('half-open');
    const failedProbe = await world.page({ limit: '10' });
    expect(failedProbe.sources.get('tether')).toMatchObject({ status: 'error', requests: 1 });
    expect((await tetherConnection()).breaker.state).toBe('open');
    expect((await world.page({ limit: '10' })).sources.get('tether')).toMatchObject({ status: 'circuit_open', requests: 0 });

    await sleep(COOLDOWN_MS + 50);
    const probe = await world.page({ limit: '10' });
    expect(probe.sources.get('tether')).toMatchObject({ status: 'ok', requests: 1 });
    expect(probe.body.data.rows.map((row) => row.id)).toEqual(world.cleanIds(world.healthyOtherThan(), 10));
    const closed = await tetherConnection();
    expect(closed.breaker.state).toBe('closed');
    expect(closed.lastLatencyMs).toBeGreaterThanOrEqual(0);
    expect(await breakerGauge()).toBe('0');
  });

  it('an open breaker under strict=true is 502 SOURCE_FAILED', async () => {
    world.simulator('tether').faults.inject({ kind: 'status', status: 502 }, { times: Infinity });
    await world.page({ limit: '10' });
    const page = await world.page({ limit: '10' });
    expect(page.sources.get('tether')).toMatchObject({ status: 'circuit_open' });
    expect((await world.page({ limit: '10', strict: 'true' })).status).toBe(502);
  });

  it('429s do not open it', async () => {
    world.simulator('tether').faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '60' } }, { times: Infinity });
    for (let index = 0; index < THRESHOLD + 2; index += 1) {
      expect((await world.page({ limit: '10' })).sources.get('tether')).toMatchObject({ status: 'rate_limited', retryAfterSec: 60 });
    }
    expect((await tetherConnection()).breaker.state).toBe('closed');
  });
});
