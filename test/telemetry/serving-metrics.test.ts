import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingMetrics } from '../../src/telemetry/serving-metrics.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

let sandbox: SandboxApp;
beforeAll(async () => {
  // No page cache: a fault shows on the next read; no breaker opening between the cases.
  sandbox = await startSandboxApp({ connections: { cacheTtlMs: 0, retries: 0, breakerThreshold: 100 } });
});
afterAll(async () => {
  await sandbox?.close();
});

const get = (url: string) => sandbox.app.inject({ url, headers: { authorization: `Bearer ${sandbox.token()}` } });
const metric = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

describe('/metrics: what was served', () => {
  it('counts pages by outcome (complete, partial, failed; bad input is not a page) and exports by format and outcome', async () => {
    // What each answer said is what the counters must say: a loaded machine may make any page
    // partial (a vendor past its timeout), so the expectation is read from the answers.
    const pages = { complete: 0, partial: 0, failed: 0 };
    const page = async (url: string) => {
      const response = await get(url);
      if (response.statusCode === 502) pages.failed += 1;
      else if (response.statusCode === 200) pages[response.json().data.partial ? 'partial' : 'complete'] += 1;
      return response;
    };
    const chatdash = sandbox.world.simulators.get('chatdash')!;
    await page('/v1/agents/support-bot/conversations?limit=5');
    chatdash.faults.inject({ kind: 'status', status: 503 }, { times: Number.POSITIVE_INFINITY });
    let cut;
    try {
      expect((await page('/v1/agents/support-bot/conversations?limit=5&sources=chatdash,tether')).json().data.partial).toBe(true);
      expect((await page('/v1/agents/support-bot/conversations?limit=5&sources=chatdash')).statusCode).toBe(502);
      expect((await page('/v1/agents/support-bot/conversations?limit=0')).statusCode).toBe(400);
      cut = await get('/v1/agents/support-bot/conversations/export?format=csv&sources=chatdash,tether');
      expect(cut.trailers['x-export-complete']).toBe('false');
    } finally {
      chatdash.faults.clear();
    }
    const exported = await get('/v1/agents/support-bot/conversations/export?sources=tether');
    const lines = exported.body.trim().split('\n');
    const trailer = (JSON.parse(lines.at(-1)!) as { trailer: { complete: boolean } }).trailer;

    const text = (await sandbox.app.inject({ url: '/metrics' })).body;
    expect(pages.partial).toBeGreaterThanOrEqual(1);
    expect(pages.failed).toBe(1);
    for (const [outcome, count] of Object.entries(pages)) expect(metric(text, `gateway_pages_total{outcome="${outcome}"}`), outcome).toBe(count);
    expect(metric(text, `gateway_exports_total{format="ndjson",outcome="${trailer.complete ? 'complete' : 'cut'}"}`)).toBe(1);
    expect(metric(text, 'gateway_exports_total{format="csv",outcome="cut"}')).toBe(1);
    expect(metric(text, 'gateway_export_rows_total{format="ndjson"}')).toBe(lines.length - 1);
    expect(metric(text, 'gateway_export_rows_total{format="csv"}')).toBe(Number(cut.trailers['x-export-rows']));
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
