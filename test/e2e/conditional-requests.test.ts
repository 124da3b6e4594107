import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

let sandbox: SandboxApp;
let auth: { authorization: string };

beforeAll(async () => {
  sandbox = await startSandboxApp({
    adjust: (config) => {
      for (const connection of Object.values(config.connections)) connection.cacheTtlMs = 60_000;
    },
  });
  auth = { authorization: `Bearer ${sandbox.token()}` };
});
afterAll(() => sandbox.close());

interface PageBody {
  data: { rows: { id: string }[]; pagination: { nextCursor: string | null }; sources: { requests: number; cached: boolean }[] };
}

function page(url: string, headers: Record<string, string> = {}) {
  return sandbox.app.inject({ url, headers: { ...auth, ...headers } });
}

describe('conditional requests and kept first pages', () => {
  it('a page carries a strong ETag; If-None-Match with it is a 304 without a body', async () => {
    const first = await page('/v1/agents/support-bot/conversations?limit=5');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await page('/v1/agents/support-bot/conversations?limit=5', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('no-store');
  });

  it('a stale or foreign tag gets the whole page; a list naming the tag and * get a 304', async () => {
    const { headers } = await page('/v1/agents/support-bot/conversations?limit=6');
    const etag = headers.etag as string;
    expect((await page('/v1/agents/support-bot/conversations?limit=6', { 'if-none-match': '"other"' })).statusCode).toBe(200);
    expect((await page('/v1/agents/support-bot/conversations?limit=6', { 'if-none-match': `"other", ${etag}` })).statusCode).toBe(304);
    expect((await page('/v1/agents/support-bot/conversations?limit=6', { 'if-none-match': `W/${etag}` })).statusCode).toBe(304);
    expect((await page('/v1/agents/support-bot/conversations?limit=6', { 'if-none-match': '*' })).statusCode).toBe(304);
  });

  it('the tag follows the content: pages with other rows have other tags, pages with the same rows the same', async () => {
    const tagOf = new Map<string, string>();
    for (const query of ['limit=7', 'limit=8', 'limit=7&channel=voice', 'limit=7&sources=chatdash', 'limit=7&state=resolved', 'limit=7&q=a']) {
      const response = await page(`/v1/agents/support-bot/conversations?${query}`);
      const body = response.json() as { data: { rows: unknown[]; pagination: { hasMore: boolean } } };
      const content = JSON.stringify([body.data.rows, body.data.pagination.hasMore]);
      const tag = response.headers.etag as string;
      for (const [otherContent, otherTag] of tagOf) expect(otherTag === tag).toBe(otherContent === content);
      tagOf.set(content, tag);
    }
    expect(new Set(tagOf.values()).size).toBeGreaterThanOrEqual(4);
  });

  it('the same first page again is answered from the kept page: same rows and tag, no vendor request', async () => {
    const first = await page('/v1/agents/support-bot/conversations?limit=9&include=summary');
    const second = await page('/v1/agents/support-bot/conversations?limit=9&include=summary');
    const [one, two] = [first.json() as PageBody, second.json() as PageBody];
    expect(two.data.rows.map((row) => row.id)).toEqual(one.data.rows.map((row) => row.id));
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(two.data.sources.every((source) => source.requests === 0 && source.cached)).toBe(true);
  });

  it('a kept answer is sent with every header a computed one has, and the same JSON but for the sources counters', async () => {
    const url = '/v1/agents/support-bot/conversations?limit=11&include=summary';
    const computed = await page(url, { 'x-request-id': 'computed-1' });
    const kept = await page(url, { 'x-request-id': 'kept-1' });
    const { date: _date, 'x-request-id': computedId, ...computedHeaders } = computed.headers;
    const { date: _keptDate, 'x-request-id': keptId, ...keptHeaders } = kept.headers;
    expect([computedId, keptId]).toEqual(['computed-1', 'kept-1']);
    expect(keptHeaders).toEqual({ ...computedHeaders, 'content-length': keptHeaders['content-length'] });
    expect(keptHeaders['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(keptHeaders['content-length'])).toBe(Buffer.byteLength(kept.body));
    const [one, two] = [computed.json() as PageBody, kept.json() as PageBody];
    const withoutCounters = (body: PageBody) => ({ ...body, data: { ...body.data, sources: body.data.sources.map(({ requests: _r, cached: _c, latencyMs: _l, ...rest }: Record<string, unknown>) => rest) } });
    expect(withoutCounters(two)).toEqual(withoutCounters(one));
  });

  it('another organization never gets a page kept for the first', async () => {
    const acme = await page('/v1/agents/support-bot/conversations?limit=4');
    const superadmin = await sandbox.app.inject({
      url: '/v1/agents/support-bot/conversations?limit=4',
      headers: { authorization: `Bearer ${sandbox.token({ role: 'SUPERADMIN', org: 'globex' })}` },
    });
    expect(superadmin.statusCode).toBe(200);
    const cursorOf = (response: typeof acme) => (response.json() as PageBody).data.pagination.nextCursor;
    // The cursor is bound to the caller's organization: a page kept for acme would carry acme's.
    expect(cursorOf(superadmin)).not.toBe(cursorOf(acme));
  });

  it('pages read with a cursor are computed every time (the cursor is checked on every use)', async () => {
    const first = (await page('/v1/agents/support-bot/conversations?limit=3')).json() as PageBody;
    const url = `/v1/agents/support-bot/conversations?limit=3&cursor=${encodeURIComponent(first.data.pagination.nextCursor!)}`;
    const next = await page(url);
    expect(next.statusCode).toBe(200);
    expect(next.headers.etag).toBeDefined();
    expect((await page(url, { 'if-none-match': next.headers.etag as string })).statusCode).toBe(304);
    const tampered = `/v1/agents/support-bot/conversations?limit=3&cursor=${encodeURIComponent(`${first.data.pagination.nextCursor!}x`)}`;
    expect((await page(tampered)).statusCode).toBe(400);
  });

  it('a partial page is not kept: the next request asks the failing vendor again', async () => {
    const simulator = sandbox.world.simulators.get('chatdash')!;
    simulator.faults.inject({ kind: 'status', status: 500, body: { message: 'down' } }, { times: 10 });
    try {
      // An `until` of its own gives ChatDash a request no earlier test cached.
      const url = '/v1/agents/support-bot/conversations?limit=10&until=2026-11-01T11:59:59.000Z';
      const first = (await page(url)).json() as { data: { partial: boolean } };
      expect(first.data.partial).toBe(true);
      const before = simulator.requests.length;
      await page(url);
      expect(simulator.requests.length).toBeGreaterThan(before);
    } finally {
      simulator.faults.clear();
    }
  });

  it('a kept page whose vendor echoed a secret is scrubbed on every answer, not only the first', async () => {
    const simulator = sandbox.world.simulators.get('chatdash')!;
    const secret = sandbox.world.config.connections['convocore-eu']!.apiKey!;
    simulator.faults.inject({ kind: 'transform', transform: (body) => (body as Record<string, unknown>[]).map((record) => ({ ...record, name: `Echo ${secret}` })) }, { times: 1 });
    try {
      const url = '/v1/agents/support-bot/conversations?limit=100&sources=chatdash&until=2026-11-01T11:59:58.000Z';
      for (const response of [await page(url), await page(url)]) {
        expect(response.statusCode).toBe(200);
        expect(response.body).not.toContain(secret);
        expect(response.body).toContain('[redacted]');
      }
    } finally {
      simulator.faults.clear();
    }
  });
});
