import { register as globalRegistry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultWorld, type FaultWorld } from '../faults/fault-world.js';

let first: FaultWorld;
let second: FaultWorld;

beforeAll(async () => {
  first = await startFaultWorld();
  second = await startFaultWorld();
});
afterAll(async () => {
  await first.close();
  await second.close();
});

describe('GET /metrics', () => {
  it('answers Prometheus text without a token', async () => {
    first.simulator('chatdash').faults.inject({ kind: 'malformed' }, { times: 1 });
    await first.page();
    const response = await first.app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toContain('gateway_vendor_requests_total{connection="tether",outcome="success"} 1');
    expect(text).toContain('gateway_vendor_requests_total{connection="chatdash",outcome="failure"} 1');
    expect(text).toContain('gateway_vendor_errors_total{connection="chatdash",code="VENDOR_BAD_RESPONSE"} 1');
    expect(text).toContain('gateway_vendor_request_duration_seconds_count{connection="convocore-eu"} 1');
    expect(text).toContain('gateway_vendor_cache_events_total{connection="elevenlabs",event="miss"} 1');
    expect(text).toContain('gateway_vendor_breaker_state{connection="elevenlabs"} 0');
    expect(text).toContain('# TYPE gateway_vendor_retries_total counter');
  });

  it('keeps one registry per app, apart from the global one', async () => {
    await second.page();
    await second.page();
    const firstText = (await first.app.inject({ url: '/metrics' })).body;
    const secondText = (await second.app.inject({ url: '/metrics' })).body;
    expect(firstText).toContain('gateway_vendor_requests_total{connection="tether",outcome="success"} 1');
    expect(secondText).toContain('gateway_vendor_requests_total{connection="tether",outcome="success"} 2');
    expect(await globalRegistry.metrics()).not.toContain('gateway_vendor');
  });
});
