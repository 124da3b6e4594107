/**
 * Soak (issue 3): a bounded loop of gateway requests against the sandbox with random
 * vendor faults. The gateway and the load run on the main thread, the vendor simulators
 * on a worker thread of the same process (`soak-vendors.ts`), so they get the second core.
 *
 * `npm run bench:soak`. SOAK_REQUESTS (default 100000), SOAK_CONCURRENCY (128),
 * SOAK_FAULT_PROBABILITY (per fault kind and vendor call, 0.01), SOAK_CACHE_TTL_MS (100:
 * short, so most reads reach the faulty vendors).
 *
 * Prints requests/s, p50/p99 latency at the client and inside the gateway, the 5xx
 * answered while at least one source was healthy (must be 0: only 502
 * ALL_SOURCES_FAILED may be a 5xx, counted apart) and RSS over the run.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Pool } from 'undici';
import { adapterModules } from '../adapters/index.js';
import { buildApp } from '../src/app.js';
import { signToken } from '../src/auth/sign-token.js';
import type { GatewayConfig } from '../src/config/gateway-config.js';

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 100_000);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 128);
const FAULT_PROBABILITY = Number(process.env.SOAK_FAULT_PROBABILITY ?? 0.01);
const CACHE_TTL_MS = Number(process.env.SOAK_CACHE_TTL_MS ?? 100);
const DEADLINE_MS = 2_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;

const AGENTS = ['support-bot', 'sales-bot', 'globex-helpdesk'];
const LIMITS = ['5', '20', '50', '100'];
const FILTERS: Record<string, string>[] = [{}, {}, { channel: 'voice,webchat' }, { state: 'resolved' }, { q: 'a' }, { tags: 'vip,billing' }];

interface FollowUp {
  agent: string;
  query: Record<string, string>;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function rssMiB(): number {
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

async function main(): Promise<void> {
  // Workers do not inherit tsx's loader: register it there before importing the TypeScript entry.
  const entry = new URL('./soak-vendors.ts', import.meta.url).href;
  const vendors = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, {
    eval: true,
    workerData: { faultProbability: FAULT_PROBABILITY, deadlineMs: DEADLINE_MS, maxResponseBytes: MAX_RESPONSE_BYTES },
  });
  const ready = await nextMessage<{ config: GatewayConfig; faultKinds: number }>(vendors, 'ready');
  const config = ready.config;
  config.limits.requestDeadlineMs = DEADLINE_MS;
  config.limits.maxResponseBytes = MAX_RESPONSE_BYTES;
  for (const connection of Object.values(config.connections)) connection.cacheTtlMs = CACHE_TTL_MS;
  Object.assign(config, { rateLimit: { enabled: false } });
  const app = await buildApp({ config, adapters: adapterModules });
  await app.listen({ host: '127.0.0.1', port: 0 });
  // Time inside the gateway (arrival to last byte), apart from the client's and the machine's queues.
  const serverMs: number[] = [];
  app.server.on('request', (_request, response) => {
    const arrived = performance.now();
    response.on('finish', () => serverMs.push(performance.now() - arrived));
  });
  const address = app.server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const token = signToken(config.auth.secret!, { sub: 'soak', org: 'acme', role: 'SUPERADMIN' });
  const pool = new Pool(origin, { connections: CONCURRENCY });

  const latencies = new Float64Array(TOTAL);
  const statuses = new Map<string, number>();
  const followUps: FollowUp[] = [];
  const slowest: string[] = [];
  let sourceStatuses = 0;
  let healthyFailures = 0;
  let allFailed = 0;
  let partial = 0;
  let next = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const rss = [rssMiB()];
  const started = performance.now();

  async function worker(): Promise<void> {
    for (let index = next++; index < TOTAL; index = next++) {
      const followUp = followUps.length > 0 && Math.random() < 0.5 ? followUps.splice(Math.floor(Math.random() * followUps.length), 1)[0]! : undefined;
      const agent = followUp?.agent ?? pick(AGENTS);
      const query = followUp?.query ?? { limit: pick(LIMITS), ...pick(FILTERS) };
      const begin = performance.now();
      const response = await pool.request({
        method: 'GET',
        path: `/v1/agents/${agent}/conversations?${new URLSearchParams(query).toString()}`,
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.body.json()) as {
        error?: string;
        data?: { partial: boolean; sources: { source: string; status: string; latencyMs: number }[]; pagination: { nextCursor: string | null } };
      };
      latencies[index] = performance.now() - begin;
      if (latencies[index]! > DEADLINE_MS * 2) {
        const sources = body.data?.sources.map((entry) => `${entry.source}:${entry.status}:${entry.latencyMs}`).join(' ') ?? body.error;
        slowest.push(`${latencies[index]!.toFixed(0)} ms ${agent} limit ${query.limit}${query.cursor ? ' cursor' : ''} ${response.statusCode} ${sources}`);
      }
      const label = `${response.statusCode}${body.error ? ` ${body.error}` : ''}`;
      statuses.set(label, (statuses.get(label) ?? 0) + 1);
      if (response.statusCode === 502 && body.error === 'ALL_SOURCES_FAILED') allFailed += 1;
      else if (response.statusCode >= 500) healthyFailures += 1;
      if (body.data) {
        sourceStatuses += body.data.sources.length;
        if (body.data.partial) partial += 1;
        const cursor = body.data.pagination.nextCursor;
        if (cursor && followUps.length < 2_000) followUps.push({ agent, query: { ...query, cursor } });
      }
      if (index > 0 && index % Math.max(1, Math.floor(TOTAL / 4)) === 0) rss.push(rssMiB());
    }
  }

  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
  const seconds = (performance.now() - started) / 1000;
  rss.push(rssMiB());
  const sorted = latencies.slice().sort();
  const percentile = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!.toFixed(1);

  await pool.close();
  await app.close();
  vendors.postMessage('close');
  const { requests: vendorCalls } = await nextMessage<{ requests: Record<string, number> }>(vendors, 'closed');
  await vendors.terminate();

  const lines = [
    `requests            ${TOTAL} (concurrency ${CONCURRENCY}, fault probability ${FAULT_PROBABILITY} x ${ready.faultKinds} kinds per vendor call, cache TTL ${CACHE_TTL_MS} ms, deadline ${DEADLINE_MS} ms)`,
    `duration            ${seconds.toFixed(1)} s`,
    `requests/s          ${(TOTAL / seconds).toFixed(0)}`,
    `latency p50 / p99   ${percentile(0.5)} ms / ${percentile(0.99)} ms (max ${sorted[sorted.length - 1]!.toFixed(1)} ms)`,
    `server time p50/p99 ${percentileOf(serverMs, 0.5)} ms / ${percentileOf(serverMs, 0.99)} ms (max ${percentileOf(serverMs, 1)} ms)`,
    `5xx, a source ok    ${healthyFailures}   (must be 0)`,
    `502 ALL_SOURCES_FAILED ${allFailed}`,
    `partial pages       ${partial}`,
    `vendor calls        ${Object.entries(vendorCalls).map(([name, count]) => `${name} ${count}`).join(', ')}`,
    `source reports      ${sourceStatuses}`,
    `statuses            ${[...statuses].map(([label, count]) => `${label}: ${count}`).join(', ')}`,
    `event-loop delay    p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`,
    `RSS MiB             start ${rss[0]}, quarters ${rss.slice(1, -1).join(' / ')}, end ${rss[rss.length - 1]}`,
  ];
  if (slowest.length > 0) lines.push(`slower than 2x deadline at the client (${slowest.length}), e.g.:`, ...slowest.slice(0, 5));
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = healthyFailures === 0 ? 0 : 1;
}

function percentileOf(values: number[], share: number): string {
  const sorted = Float64Array.from(values).sort();
  return sorted.length === 0 ? '-' : sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!.toFixed(1);
}

function nextMessage<T>(worker: Worker, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { kind: string } & T) => {
      if (message.kind !== kind) return;
      worker.off('message', onMessage);
      resolve(message);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
