import { Writable } from 'node:stream';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

const opened: SandboxApp[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sandbox) => sandbox.close()));
});

async function sandbox(options: Parameters<typeof startSandboxApp>[0] = {}): Promise<SandboxApp> {
  const started = await startSandboxApp(options);
  opened.push(started);
  return started;
}

/** A logger whose JSON lines land in an array. */
function capturedLogger(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: { level, stream } };
}

describe('request ids', () => {
  it('keeps a safe X-Request-Id, replaces an unsafe one, makes one when absent, and logs every line of the request with it', async () => {
    const { lines, logger } = capturedLogger();
    const { app, token } = await sandbox({ logger });
    const auth = { authorization: `Bearer ${token()}` };

    const kept = await app.inject({ url: '/v1/agents', headers: { ...auth, 'x-request-id': 'checkout-7f3a:2' } });
    expect(kept.headers['x-request-id']).toBe('checkout-7f3a:2');

    for (const unsafe of ['has space', 'x'.repeat(129), 'inject\nnewline', '']) {
      const replaced = await app.inject({ url: '/v1/agents', headers: { ...auth, 'x-request-id': unsafe } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const made = await app.inject({ url: '/healthz' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    // Error answers carry it too.
    const missing = await app.inject({ url: '/v1/agents/nobody/conversations', headers: { ...auth, 'x-request-id': 'req-404' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-request-id']).toBe('req-404');

    // So do URLs Fastify cannot route.
    const badUrl = await app.inject({ url: '/v1/agents/%E0%A4%A/conversations', headers: { 'x-request-id': 'bad-url-1' } });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.headers['x-request-id']).toBe('bad-url-1');

    const ofKept = lines.filter((line) => line.reqId === 'checkout-7f3a:2');
    expect(ofKept.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
  });
});

describe('the request log', () => {
  it('names the route and the query\'s parameters, never their values (q holds e-mail addresses and phone numbers)', async () => {
    const { lines, logger } = capturedLogger();
    const { app, token } = await sandbox({ logger });
    const auth = { authorization: `Bearer ${token()}` };
    const url = '/v1/agents/support-bot/conversations?limit=5&q=jane.doe%40example.com&tags=vip';
    expect((await app.inject({ url, headers: { ...auth, 'x-request-id': 'pii-1' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/agents/support-bot/conversations?q=%2B14165550123', headers: auth })).statusCode).toBe(200);
    await app.inject({ url: '/nowhere?email=jane.doe@example.com', headers: { 'x-request-id': 'pii-2' } });
    const text = JSON.stringify(lines);
    for (const value of ['jane.doe', 'example.com', '14165550123', 'vip']) expect(text).not.toContain(value);
    const incoming = lines.find((line) => line.reqId === 'pii-1' && line.msg === 'incoming request')!;
    expect(incoming.req).toMatchObject({
      method: 'GET',
      url: '/v1/agents/support-bot/conversations',
      route: '/v1/agents/:agentId/conversations',
      query: ['limit', 'q', 'tags'],
    });
    const unmatched = lines.find((line) => line.reqId === 'pii-2' && line.msg === 'incoming request')!;
    expect(unmatched.req).toMatchObject({ url: '/nowhere', query: ['email'] });
  });
});

describe('/metrics', () => {
  it('has inbound requests by route template, method and status, and the process metrics', async () => {
    const { app, token } = await sandbox();
    await app.inject({ url: '/v1/agents/support-bot/conversations?limit=5', headers: { authorization: `Bearer ${token()}` } });
    await app.inject({ url: '/v1/agents/support-bot/conversations?limit=5' });
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toContain(
      'gateway_http_request_duration_seconds_count{route="/v1/agents/:agentId/conversations",method="GET",status_code="200"} 1',
    );
    expect(text).toContain(
      'gateway_http_request_duration_seconds_count{route="/v1/agents/:agentId/conversations",method="GET",status_code="401"} 1',
    );
    expect(text).not.toContain('support-bot');
    for (const family of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(text).toContain(`# TYPE ${family} `);
    }
    expect(text).toContain('# TYPE gateway_vendor_requests_total counter');
  });

  it('counts each answer once: a HEAD under its route, a URL no route matches as unmatched', async () => {
    const { app } = await sandbox();
    await app.inject({ method: 'HEAD', url: '/healthz' });
    await app.inject({ url: '/healthz' });
    await app.inject({ url: '/no/such/route' });
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toContain('gateway_http_request_duration_seconds_count{route="/healthz",method="HEAD",status_code="200"} 1');
    expect(text).toContain('gateway_http_request_duration_seconds_count{route="/healthz",method="GET",status_code="200"} 1');
    expect(text).toContain('gateway_http_request_duration_seconds_count{route="unmatched",method="GET",status_code="404"} 1');
  });
});

describe('traces', () => {
  it('records one server span per request, a child of the caller traceparent, and one child span per vendor call', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const { app, token } = await sandbox({ tracerProvider });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await app.inject({
      url: '/v1/agents/support-bot/conversations?limit=20',
      headers: { authorization: `Bearer ${token()}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(response.statusCode).toBe(200);
    const sources = (response.json() as { data: { sources: Array<{ source: string; requests: number }> } }).data.sources;
    const vendorCalls = sources.reduce((sum, source) => sum + source.requests, 0);
    expect(vendorCalls).toBeGreaterThan(sources.length - 1);

    const spans = exporter.getFinishedSpans();
    const server = spans.filter((span) => span.kind === 1);
    expect(server).toHaveLength(1);
    expect(server[0].name).toBe('GET /v1/agents/:agentId/conversations');
    expect(server[0].spanContext().traceId).toBe(traceId);
    expect(server[0].parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(server[0].attributes['http.response.status_code']).toBe(200);

    const vendor = spans.filter((span) => span.kind === 2);
    expect(vendor).toHaveLength(vendorCalls);
    for (const span of vendor) {
      expect(span.spanContext().traceId).toBe(traceId);
      expect(span.parentSpanContext?.spanId).toBe(server[0].spanContext().spanId);
      expect(span.attributes['gateway.cache.hit']).toBe(false);
      expect(span.attributes['gateway.vendor.attempts']).toBe(1);
      expect(span.attributes['http.response.status_code']).toBe(200);
    }
    const perConnection = new Map<string, number>();
    for (const span of vendor) {
      const connection = String(span.attributes['gateway.connection']);
      perConnection.set(connection, (perConnection.get(connection) ?? 0) + 1);
    }
    expect(Object.fromEntries(perConnection)).toEqual(
      Object.fromEntries(sources.filter((source) => source.requests > 0).map((source) => [source.source, source.requests])),
    );

    // A shorter page of the same vendor pages comes from the vendor page cache: spans, but no
    // HTTP attempts. (The same page again is a kept page: no vendor read at all.)
    exporter.reset();
    await app.inject({ url: '/v1/agents/support-bot/conversations?limit=19', headers: { authorization: `Bearer ${token()}` } });
    const again = exporter.getFinishedSpans().filter((span) => span.kind === 2);
    expect(again.length).toBeGreaterThan(0);
    for (const span of again) {
      expect(span.attributes['gateway.cache.hit']).toBe(true);
      expect(span.attributes['gateway.vendor.attempts']).toBe(0);
    }
  });
});

describe('vendor failures in the log', () => {
  it('logs a failed vendor read once, at warn, with its code, reason and the request id', async () => {
    const { lines, logger } = capturedLogger('warn');
    const { app, token } = await sandbox({
      logger,
      adjust: (config) => {
        for (const connection of Object.values(config.connections)) {
          connection.baseUrl = 'http://127.0.0.1:1';
          connection.retries = 0;
        }
      },
    });
    const response = await app.inject({
      url: '/v1/agents/support-bot/conversations?limit=5',
      headers: { authorization: `Bearer ${token()}`, 'x-request-id': 'all-down' },
    });
    expect(response.statusCode).toBe(502);
    const warnings = lines.filter((line) => line.msg === 'vendor read failed');
    const agentSources = (await app.inject({ url: '/v1/agents', headers: { authorization: `Bearer ${token()}` } })).json() as {
      data: { agents: Array<{ id: string; sources: unknown[] }> };
    };
    const sourceCount = agentSources.data.agents.find((agent) => agent.id === 'support-bot')!.sources.length;
    expect(warnings).toHaveLength(sourceCount);
    for (const warning of warnings) {
      expect(warning.level).toBe(40);
      expect(warning.reqId).toBe('all-down');
      expect(warning.code).toBe('VENDOR_UNREACHABLE');
      expect(typeof warning.reason).toBe('string');
    }
  });
});
