import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestDurationHistogram } from '../../src/telemetry/request-duration-histogram.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const OBSERVATIONS: [string, string, number, number][] = [
  ['/v1/agents/:agentId/conversations', 'GET', 200, 0.003],
  ['/v1/agents/:agentId/conversations', 'GET', 200, 0.005],
  ['/v1/agents/:agentId/conversations', 'GET', 200, 0.2],
  ['/v1/agents/:agentId/conversations', 'GET', 304, 0.0011],
  ['/v1/agents/:agentId/conversations', 'HEAD', 200, 12],
  ['/healthz', 'GET', 200, 0.01],
  ['unmatched', 'GET', 404, 0.7],
];

function both() {
  const ours = new Registry();
  const theirs = new Registry();
  const histogram = new RequestDurationHistogram({ name: 'requests_seconds', help: 'Requests', buckets: BUCKETS, registers: [ours] });
  const reference = new Histogram({ name: 'requests_seconds', help: 'Requests', labelNames: ['route', 'method', 'status_code'], buckets: BUCKETS, registers: [theirs] });
  return { ours, theirs, histogram, reference };
}

describe('RequestDurationHistogram', () => {
  it('renders exactly as prom-client renders a Histogram fed the same observations', async () => {
    const { ours, theirs, histogram, reference } = both();
    for (const [route, method, status, seconds] of OBSERVATIONS) {
      histogram.observe(route, method, status, seconds);
      reference.observe({ route, method, status_code: String(status) }, seconds);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
    expect(await ours.metrics()).toContain('requests_seconds_count{route="/v1/agents/:agentId/conversations",method="GET",status_code="200"} 3');
  });

  it('is emptied by the registry reset, as prom-client metrics are', async () => {
    const { ours, theirs, histogram, reference } = both();
    histogram.observe('/healthz', 'GET', 200, 0.01);
    reference.observe({ route: '/healthz', method: 'GET', status_code: '200' }, 0.01);
    ours.resetMetrics();
    theirs.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).not.toContain('healthz');
  });
});
