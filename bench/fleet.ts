/**
 * What sharing state through Redis buys and costs a fleet of replicas.
 *
 * `npm run bench:fleet` (Redis on REDIS_URL, default redis://127.0.0.1:6379).
 *
 * 1. Vendor calls per 1,000 gateway pages: the same load (concurrent walks of every
 *    agent at several limits, FLEET_PAGES pages, default 1,000) against one replica
 *    alone, then against three replicas sharing one Redis with the pages dealt
 *    round-robin, as a load balancer does. Counted at the vendor simulators.
 * 2. Latency of a hot page (every vendor page already cached): one replica without a
 *    store against one with it (its caller rate limit then counts through the store),
 *    requests interleaved; and the Redis tier itself: reading a page of 100 mapped rows
 *    another replica stored (a miss of the in-process cache, a hit in Redis).
 * 3. `requestsPerSecond: 5` on one connection under 15 and 30 callers dealt over three
 *    replicas (FLEET_BUDGET_CALLERS, FLEET_BUDGET_SECONDS), counted at the vendor: calls
 *    per second and the busiest sliding 1 s and 3 s.
 *
 * FLEET_PARTS=pages,hot,budget picks the parts (default all).
 * The replicas run in this process on loopback; compare ratios, not milliseconds.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { adapterModules } from '../adapters/index.js';
import { buildApp } from '../src/app.js';
import { signToken } from '../src/auth/sign-token.js';
import { DEFAULT_CONNECTION, type GatewayConfig } from '../src/config/gateway-config.js';
import { sandboxConnectionName, startSandboxWorld, type SandboxWorld } from '../src/sandbox/sandbox-world.js';
import { SharedPageTier } from '../src/store/shared-page-tier.js';
import { SharedStore } from '../src/store/shared-store.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PAGES = Number(process.env.FLEET_PAGES ?? 1_000);
const HOT_REQUESTS = Number(process.env.FLEET_HOT_REQUESTS ?? 2_000);
const BUDGET_CALLERS = (process.env.FLEET_BUDGET_CALLERS ?? '15,30').split(',').map(Number);
/** Which parts to run: `pages`, `hot`, `budget` (default all). */
const PARTS = new Set((process.env.FLEET_PARTS ?? 'pages,hot,budget').split(','));
const BUDGET_SECONDS = Number(process.env.FLEET_BUDGET_SECONDS ?? 10);
const SECRETS = { jwt: 'bench-jwt-secret-0123456789abcdef', cursor: 'bench-cursor-secret-0123456789abcdef' };
const token = signToken(SECRETS.jwt, { sub: 'bench', org: 'acme', role: 'SUPERADMIN' });

/** How often a replica fell back to its own state (a Redis command slower than its timeout). */
let storeDowns = 0;

interface Replica {
  pool: Pool;
  close(): Promise<void>;
}

async function startReplica(world: SandboxWorld, store: GatewayConfig['store'], adjust: Partial<GatewayConfig> = {}): Promise<Replica> {
  const config: GatewayConfig = {
    ...world.config,
    // Enabled, so a replica with a store counts every request through it; never reached.
    rateLimit: { enabled: true, max: 1_000_000_000, timeWindowMs: 60_000 },
    ...(store ? { store } : {}),
    ...adjust,
  };
  const app = await buildApp({ config, adapters: adapterModules });
  await app.listen({ host: '127.0.0.1', port: 0 });
  if (store) {
    // Replaces the app's log line (the bench has no logger): counts the times Redis was given up on.
    app.gateway.fleet.store?.onStateChange((state) => {
      if (state === 'down') storeDowns += 1;
    });
    const started = Date.now();
    while (app.gateway.fleet.state !== 'up' && Date.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 20));
    if (app.gateway.fleet.state !== 'up') throw new Error(`Redis does not answer on ${REDIS_URL}`);
  }
  const pool = new Pool(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`, { connections: 8 });
  return {
    pool,
    close: async () => {
      await pool.close();
      await app.close();
    },
  };
}

async function getPage(replica: Replica, path: string): Promise<{ nextCursor: string | null }> {
  const response = await replica.pool.request({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } });
  const body = (await response.body.json()) as { data?: { pagination: { nextCursor: string | null } } };
  if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}`);
  return { nextCursor: body.data!.pagination.nextCursor };
}

function vendorCalls(world: SandboxWorld): number {
  return [...world.simulators.values()].reduce((sum, simulator) => sum + simulator.requests.length, 0);
}

/** Eight walkers (every agent, limits 10-50) walk again and again until `PAGES` pages were served. */
async function pagesLoad(world: SandboxWorld, replicas: Replica[]): Promise<{ pages: number; calls: number; ms: number }> {
  const agents = Object.keys(world.config.agents);
  const before = vendorCalls(world);
  const started = performance.now();
  let served = 0;
  let dealt = 0;
  await Promise.all(
    Array.from({ length: 8 }, async (_, walker) => {
      const agent = agents[walker % agents.length]!;
      const limit = 10 + 10 * (walker % 5);
      let cursor: string | null = null;
      while (served < PAGES) {
        const query: URLSearchParams = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
        // Round-robin over the replicas, page by page, as a load balancer deals requests.
        const replica = replicas[dealt++ % replicas.length]!;
        cursor = (await getPage(replica, `/v1/agents/${agent}/conversations?${query}`)).nextCursor;
        served += 1;
      }
    }),
  );
  return { pages: served, calls: vendorCalls(world) - before, ms: performance.now() - started };
}

/** Latencies (ms) of `count` hot-page requests to each replica, one at a time, interleaved so both see the same machine. */
async function hotLatencies(replicas: Replica[], count: number): Promise<number[][]> {
  const path = '/v1/agents/support-bot/conversations?limit=20';
  for (const replica of replicas) await getPage(replica, path);
  const latencies = replicas.map((): number[] => []);
  for (let index = 0; index < count; index += 1) {
    for (const [which, replica] of replicas.entries()) {
      const started = performance.now();
      await getPage(replica, path);
      latencies[which]!.push(performance.now() - started);
    }
  }
  return latencies;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main(): Promise<void> {
  const world = await startSandboxWorld({ modules: adapterModules, seed: 7, secrets: SECRETS });
  const prefix = `bench-fleet:${randomBytes(4).toString('hex')}:`;
  const store = { redis: { url: REDIS_URL, keyPrefix: prefix } };
  console.log(`${PAGES} gateway pages per run; load average ${os.loadavg().map((value) => value.toFixed(1)).join(' ')}`);

  // 1. Vendor calls per 1,000 pages. With the default 2 s TTL the count also depends on
  // how long the run takes (pages expire); with a TTL longer than any run, only sharing counts.
  for (const ttlMs of PARTS.has('pages') ? [60_000, undefined] : []) {
    for (const connection of Object.values(world.config.connections)) connection.cacheTtlMs = ttlMs ?? DEFAULT_CONNECTION.cacheTtlMs;
    const alone = await startReplica(world, undefined);
    const one = await pagesLoad(world, [alone]);
    await alone.close();
    const runStore = { redis: { ...store.redis, keyPrefix: `${prefix}${ttlMs ?? 'default'}:` } };
    const fleet = await Promise.all([0, 1, 2].map(() => startReplica(world, runStore)));
    storeDowns = 0;
    const three = await pagesLoad(world, fleet);
    await Promise.all(fleet.map((replica) => replica.close()));
    const perThousand = (run: { pages: number; calls: number }) => (run.calls / run.pages) * 1_000;
    console.log(`vendor page TTL ${ttlMs ?? DEFAULT_CONNECTION.cacheTtlMs} ms: vendor calls per 1,000 gateway pages`);
    console.log(`  one replica                          ${perThousand(one).toFixed(0)} (${one.calls} for ${one.pages} pages in ${Math.round(one.ms)} ms)`);
    console.log(`  three replicas, round-robin, Redis   ${perThousand(three).toFixed(0)} (${three.calls} for ${three.pages} pages in ${Math.round(three.ms)} ms; Redis given up on ${storeDowns} times)`);
    const ratio = (perThousand(three) / perThousand(one)).toFixed(3);
    if (ttlMs) {
      console.log(`  ratio ${ratio} (target <= 1.1)`);
      continue;
    }
    // Pages expire while a run goes on: a slower run re-reads more, whatever it shares. Per TTL of run time it compares.
    const ttl = DEFAULT_CONNECTION.cacheTtlMs;
    const perTtl = (run: { ms: number; calls: number }) => run.calls / (run.ms / ttl);
    console.log(`  ratio ${ratio}, run times differing; per ${ttl} ms of run: one ${perTtl(one).toFixed(1)}, three ${perTtl(three).toFixed(1)}, ratio ${(perTtl(three) / perTtl(one)).toFixed(3)}`);
  }

  if (PARTS.has('hot')) await hotPage(world, prefix);
  // 3. A fleet-wide requestsPerSecond under more callers than it allows.
  for (const callers of PARTS.has('budget') ? BUDGET_CALLERS : []) await budgetLoad(world, { redis: { url: REDIS_URL, keyPrefix: `${prefix}budget-${callers}:` } }, callers);
  await world.close();
}

/** 2. Latency of a hot page with and without the store, and of the Redis tier itself. */
async function hotPage(world: SandboxWorld, prefix: string): Promise<void> {
  // 2a. Hot page over HTTP, without and with a store, alternating runs.
  for (const connection of Object.values(world.config.connections)) connection.cacheTtlMs = 600_000;
  // A second replica without a store measures the noise of this machine: the difference
  // between two identical replicas.
  const hot = [await startReplica(world, undefined), await startReplica(world, undefined), await startReplica(world, { redis: { url: REDIS_URL, keyPrefix: `${prefix}hot:` } })];
  const [without, twin, withStore] = (await hotLatencies(hot, HOT_REQUESTS)) as [number[], number[], number[]];
  await Promise.all(hot.map((replica) => replica.close()));
  const added = (other: number[], fraction: number) => ms(percentile(other, fraction) - percentile(without, fraction));
  console.log(`hot page, ${without.length} requests each, one at a time, interleaved:`);
  console.log(`  in-process only  p50 ${ms(percentile(without, 0.5))}  p99 ${ms(percentile(without, 0.99))}`);
  console.log(`  with Redis store p50 ${ms(percentile(withStore, 0.5))}  p99 ${ms(percentile(withStore, 0.99))}`);
  console.log(`  added by the store     p50 ${added(withStore, 0.5)}  p99 ${added(withStore, 0.99)} (target p50 <= 2 ms)`);
  console.log(`  noise (identical twin) p50 ${added(twin, 0.5)}  p99 ${added(twin, 0.99)}`);

  // 2b. The Redis tier itself: a page of 100 mapped rows another replica stored.
  const sample = await mappedRows(world);
  const tierStore = new SharedStore({ url: REDIS_URL, keyPrefix: `${prefix}tier:` });
  while (tierStore.state !== 'up') await new Promise((resolve) => setTimeout(resolve, 20));
  const tier = new SharedPageTier(tierStore);
  const page = { rows: sample, fetchedAt: Date.now(), bytes: JSON.stringify(sample).length };
  await tier.read('hot-key', 600_000, Date.now() + 5_000, async () => page);
  const tierLatencies: number[] = [];
  let fellBack = 0;
  for (let index = 0; index < HOT_REQUESTS; index += 1) {
    const started = performance.now();
    const read = await tier.read('hot-key', 600_000, Date.now() + 5_000, async () => page);
    tierLatencies.push(performance.now() - started);
    // A command slower than the store's timeout: the replica used its own fetch instead.
    if (!read.fromFleet) fellBack += 1;
  }
  tierStore.close();
  console.log(`Redis tier hit (100 mapped rows, ${page.bytes} bytes of JSON, stored by another replica), ${HOT_REQUESTS} reads:`);
  console.log(`  p50 ${ms(percentile(tierLatencies, 0.5))}  p99 ${ms(percentile(tierLatencies, 0.99))}; ${fellBack} fell back (Redis slower than its timeout); an in-process hit costs ~0`);
}

/**
 * `callers` callers, dealt over three replicas, each asking for a first page (no page
 * cache) as soon as the last was answered, for `BUDGET_SECONDS`, against a connection of
 * `requestsPerSecond: 5`; the vendor's arrivals are counted at its simulator.
 */
async function budgetLoad(world: SandboxWorld, store: GatewayConfig['store'], callers: number): Promise<void> {
  const name = sandboxConnectionName('convocore');
  const connections = Object.fromEntries(
    Object.entries(world.config.connections).map(([key, connection]) => [key, { ...connection, cacheTtlMs: 0, ...(key === name ? { requestsPerSecond: 5 } : {}) }]),
  );
  const limits = { ...world.config.limits, requestDeadlineMs: 2_000 };
  const fleet = await Promise.all([0, 1, 2].map(() => startReplica(world, store, { connections, limits })));
  storeDowns = 0;
  const simulator = world.simulators.get(name)!;
  const from = simulator.requests.length;
  const ends = Date.now() + BUDGET_SECONDS * 1_000;
  const outcomes = new Map<string, number>();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      const replica = fleet[caller % 3]!;
      for (let round = 0; Date.now() < ends; round += 1) {
        const query = new URLSearchParams({ limit: '5', q: `x${caller}-${round}` });
        const response = await replica.pool.request({ method: 'GET', path: `/v1/agents/support-bot/conversations?${query}`, headers: { authorization: `Bearer ${token}` } });
        const body = (await response.body.json()) as { data?: { sources: { source: string; status: string }[] }; error?: string };
        const outcome = `${response.statusCode} ${body.data?.sources.find((source) => source.source === name)?.status ?? body.error}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }),
  );
  await Promise.all(fleet.map((replica) => replica.close()));
  const arrivals = simulator.requests.slice(from).map((request) => request.at).sort((a, b) => a - b);
  const spanSeconds = (arrivals.at(-1)! - arrivals[0]!) / 1_000;
  const busiest = (windowMs: number) => Math.max(...arrivals.map((start) => arrivals.filter((at) => at >= start && at < start + windowMs).length));
  console.log(`requestsPerSecond: 5 on ${name}, ${callers} callers over three replicas for ${BUDGET_SECONDS} s (deadline 2 s, no page cache):`);
  console.log(`  ${arrivals.length} vendor calls in ${spanSeconds.toFixed(1)} s = ${(arrivals.length / spanSeconds).toFixed(2)}/s; busiest 1 s ${busiest(1_000)}, busiest 3 s ${busiest(3_000)} (bound 5 and 15); Redis given up on ${storeDowns} times`);
  console.log(`  answers: ${[...outcomes].map(([outcome, count]) => `${outcome} x${count}`).join(', ')}`);
}

/** 100 mapped rows, as a cached vendor page holds them (taken from a gateway page). */
async function mappedRows(world: SandboxWorld): Promise<unknown[]> {
  const replica = await startReplica(world, undefined);
  const response = await replica.pool.request({
    method: 'GET',
    path: '/v1/agents/support-bot/conversations?limit=100',
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.body.json()) as { data: { rows: unknown[] } };
  await replica.close();
  return body.data.rows;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
