/**
 * What a count of a filter costs (`npm run bench:counts`), against what a client would do
 * without it: walk the list to its end and count the rows.
 *
 * A 3,200-row agent across four vendors, each answering after its own delay (30–120 ms),
 * vendor-page cache off and counts not kept, the gateway on loopback in this process. For
 * an unfiltered and a filtered query (channel=voice,sms&state=resolved): the count's time
 * and vendor calls, a page walk's at limit=100, and the ratio; medians of COUNT_ROUNDS
 * (default 3) runs each. Then the same count with counts kept: the second answer's time.
 * Compare ratios, not milliseconds: this machine is shared.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { adapterModules } from '../adapters/index.js';
import { buildApp } from '../src/app.js';
import { signToken } from '../src/auth/sign-token.js';
import { sandboxConnectionName, startSandboxWorld } from '../src/sandbox/sandbox-world.js';
import { BENCH_SECRETS, benchAgent, median } from './bench-vendors.js';

const ROUNDS = Number(process.env.COUNT_ROUNDS ?? 3);
const DELAYS: Record<string, number> = { convocore: 30, chatdash: 60, tether: 90, elevenlabs: 120 };
const SECRETS = BENCH_SECRETS;
const AGENT = benchAgent('counted', Object.keys(DELAYS), 800);


interface Timed {
  ms: number;
  calls: number;
  rows: number;
}

async function main(): Promise<void> {
  const world = await startSandboxWorld({ modules: adapterModules, seed: 11, agents: [AGENT], secrets: SECRETS });
  for (const connection of Object.values(world.config.connections)) connection.cacheTtlMs = 0;
  Object.assign(world.config, { rateLimit: { enabled: false } });
  world.config.limits = { ...world.config.limits, countCacheTtlMs: 0, maxVendorCallsPerCount: 10_000, requestDeadlineMs: 60_000 };
  for (const [vendor, ms] of Object.entries(DELAYS)) {
    world.simulators.get(sandboxConnectionName(vendor))!.faults.inject({ kind: 'delay', ms }, { times: Number.POSITIVE_INFINITY });
  }
  const app = await buildApp({ config: world.config, adapters: adapterModules });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const pool = new Pool(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`, { connections: 4 });
  const headers = { authorization: `Bearer ${signToken(SECRETS.jwt, { sub: 'bench', org: 'acme', role: 'ADMIN' })}` };
  const get = async <T>(path: string): Promise<T> => {
    const response = await pool.request({ method: 'GET', path, headers });
    const body = (await response.body.json()) as { data: T };
    if (response.statusCode !== 200) throw new Error(`${path}: status ${response.statusCode}`);
    return body.data;
  };

  const count = async (query: string): Promise<Timed> => {
    const started = performance.now();
    const data = await get<{ total: number; partial: boolean; sources: { requests: number }[] }>(`/v1/agents/${AGENT.id}/conversations/counts?${query}`);
    if (data.partial) throw new Error('the count was partial');
    return { ms: performance.now() - started, calls: data.sources.reduce((sum, source) => sum + source.requests, 0), rows: data.total };
  };
  const walk = async (query: string): Promise<Timed> => {
    const started = performance.now();
    const timed = { ms: 0, calls: 0, rows: 0 };
    let cursor: string | null = null;
    do {
      const search: URLSearchParams = new URLSearchParams(query);
      search.set('limit', '100');
      if (cursor) search.set('cursor', cursor);
      const page: { rows: unknown[]; pagination: { nextCursor: string | null }; sources: { requests: number }[] } = await get(`/v1/agents/${AGENT.id}/conversations?${search}`);
      timed.rows += page.rows.length;
      timed.calls += page.sources.reduce((sum, source) => sum + source.requests, 0);
      cursor = page.pagination.nextCursor;
    } while (cursor !== null);
    return { ...timed, ms: performance.now() - started };
  };

  console.log(`vendor delays (ms): ${JSON.stringify(DELAYS)}; ${AGENT.sources.length} × 800 conversations; caches off; medians of ${ROUNDS}`);
  for (const query of ['', 'channel=voice,sms&state=resolved']) {
    const counts: Timed[] = [];
    const walks: Timed[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      counts.push(await count(query));
      walks.push(await walk(query));
    }
    const [counted, walked] = [counts[0]!, walks[0]!];
    if (counted.rows !== walked.rows) throw new Error(`the count (${counted.rows}) differs from the walk (${walked.rows})`);
    const [countMs, walkMs] = [median(counts.map((run) => run.ms)), median(walks.map((run) => run.ms))];
    console.log(
      `  ${query || '(no filter)'}: ${counted.rows} rows; count ${countMs.toFixed(0)} ms, ${counted.calls} vendor calls; ` +
        `page walk at limit=100 ${walkMs.toFixed(0)} ms, ${walked.calls} vendor calls; the count takes ${(countMs / walkMs).toFixed(2)} × the walk's time`,
    );
  }

  await pool.close();
  await app.close();

  // Counts kept: a gateway of its own, since the cache's lifetime is read when the app is built.
  const keeping = await buildApp({ config: { ...world.config, limits: { ...world.config.limits, countCacheTtlMs: 30_000 } }, adapters: adapterModules });
  const started = performance.now();
  const first = await keeping.inject({ url: `/v1/agents/${AGENT.id}/conversations/counts?state=human`, headers });
  const firstMs = performance.now() - started;
  const again: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const before = performance.now();
    const answer = await keeping.inject({ url: `/v1/agents/${AGENT.id}/conversations/counts?state=human`, headers });
    if (!(answer.json() as { data: { cached: boolean } }).data.cached) throw new Error('the count was not kept');
    again.push(performance.now() - before);
  }
  console.log(
    `  kept counts (limits.countCacheTtlMs): state=human counted in ${firstMs.toFixed(0)} ms (status ${first.statusCode}), ` +
      `answered again in ${median(again).toFixed(1)} ms with no vendor call`,
  );
  await keeping.close();
  await world.close();
}

await main();
