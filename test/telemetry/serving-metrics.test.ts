import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingMetrics } from '../../src/telemetry/serving-metrics.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

let sandbox: SandboxApp;
beforeAll(async () => {
  // No page cache: a fault shows on the next read; no breaker opening between the cases.
  sandbox = await startSandboxApp({
    adjust: (config) =>
      Object.values(config.connections).forEach((connection) => {
        connection.cacheTtlMs = 0;
        connection.retries = 0;
        connection.breakerThreshold = 100;
      }),
  });
});
afterAll(async () => {
  await sandbox?.close();
});

const get = (url: string) => sandbox.app.inject({ url, headers: { authorization: `Bearer ${sandbox.token()}` } });
const metric = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

describe('/metrics: what was served', () => {
  it('counts pages by outcome (complete, partial, failed; bad input is not a page) and exports by format and outcome', async () => {
    const chatdash = sandbox.world.simulators.get('chatdash')!;
    expect((await get('/v1/agents/support-bot/conversations?limit=5')).json().data.partial).toBe(false);
    chatdash.faults.inject({ kind: 'status', status: 503 }, { times: Number.POSITIVE_INFINITY });
    try {
      expect((await get('/v1/agents/support-bot/conversations?limit=5&sources=chatdash,tether')).json().data.partial).toBe(true);
      expect((await get('/v1/agents/support-bot/conversations?limit=5&sources=chatdash')).statusCode).toBe(502);
      expect((await get('/v1/agents/support-bot/conversations?limit=0')).statusCode).toBe(400);
      const cut = await get('/v1/agents/support-bot/conversations/export?format=csv&sources=chatdash,tether');
      expect(cut.trailers['x-export-complete']).toBe('false');
    } finally {
      chatdash.faults.clear();
    }
    const complete = await get('/v1/agents/support-bot/conversations/export?sources=tether');
    const rows = complete.body.trim().split('\n').length - 1;

    const text = (await sandbox.app.inject({ url: '/metrics' })).body;
    expect(metric(text, 'gateway_pages_total{outcome="complete"}')).toBe(1);
    expect(metric(text, 'gateway_pages_total{outcome="partial"}')).toBe(1);
    expect(metric(text, 'gateway_pages_total{outcome="failed"}')).toBe(1);
    expect(metric(text, 'gateway_exports_total{format="ndjson",outcome="complete"}')).toBe(1);
    expect(metric(text, 'gateway_exports_total{format="csv",outcome="cut"}')).toBe(1);
    expect(metric(text, 'gateway_export_rows_total{format="ndjson"}')).toBe(rows);
  });

  it('says which build answers: gateway_build_info with the package version and the Node.js version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    const text = (await sandbox.app.inject({ url: '/metrics' })).body;
    expect(text).toContain(`gateway_build_info{version="${version}",node="${process.version}"} 1`);
  });

  it('counts an export whose client left before its end as aborted', async () => {
    const registry = new Registry();
    const serving = new ServingMetrics(registry);
    async function* chunks() {
      yield 'a';
      yield 'b';
    }
    const walk = { complete: () => false, count: () => 1 };
    const counted = serving.countedExport(chunks(), 'ndjson', walk);
    await counted.next();
    // What Readable.from does when the socket closes: the iterator is returned early.
    await counted.return(undefined);
    const text = await registry.metrics();
    expect(metric(text, 'gateway_exports_total{format="ndjson",outcome="aborted"}')).toBe(1);
    expect(text).not.toMatch(/outcome="(complete|cut)"/);
  });
});
