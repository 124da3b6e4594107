/**
 * Latency and cost of merged walks (the bar: "the gateway's latency stays close to its
 * slowest vendor's"). Every simulated vendor answers after its own fixed delay, the
 * vendor-page cache is off, and the gateway runs on loopback in this process.
 *
 * `npm run bench:walk`. WALK_ROUNDS (default 5) full walks of support-bot per limit.
 *
 * Prints, per limit: pages, vendor requests, full-walk time, p50/p95/max page latency and
 * the ratio of page latency to the slowest vendor's delay (1.0 would be that vendor alone;
 * a page that must read one source after another costs a multiple). Compare ratios, not
 * milliseconds: this machine is shared.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { adapterModules } from '../adapters/index.js';
import { buildApp } from '../src/app.js';
import { signToken } from '../src/auth/sign-token.js';
import { sandboxConnectionName, startSandboxWorld } from '../src/sandbox/sandbox-world.js';

const ROUNDS = Number(process.env.WALK_ROUNDS ?? 5);
/** Per-vendor answer delay in ms: each vendor slower than the last. */
const DELAYS: Record<string, number> = { convocore: 40, chatdash: 60, elevenlabs: 80, tether: 100, vapi: 120, retell: 150 };
const SECRETS = { jwt: 'bench-jwt-secret-0123456789abcdef', cursor: 'bench-cursor-secret-0123456789abcdef' };

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

async function main(): Promise<void> {
  const world = await startSandboxWorld({ modules: adapterModules, seed: 7, secrets: SECRETS });
  for (const connection of Object.values(world.config.connections)) connection.cacheTtlMs = 0;
  Object.assign(world.config, { rateLimit: { enabled: false } });
  for (const [vendor, ms] of Object.entries(DELAYS)) {
    world.simulators.get(sandboxConnectionName(vendor))?.faults.inject({ kind: 'delay', ms }, { times: Number.POSITIVE_INFINITY });
  }
  const slowest = Math.max(...Object.values(DELAYS));
  const app = await buildApp({ config: world.config, adapters: adapterModules });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  const pool = new Pool(`http://127.0.0.1:${address.port}`, { connections: 4 });
  const token = signToken(SECRETS.jwt, { sub: 'bench', org: 'acme', role: 'ADMIN' });
  const rssStart = process.memoryUsage().rss;

  console.log(`vendor delays (ms): ${JSON.stringify(DELAYS)}; slowest ${slowest} ms; cache off; ${ROUNDS} walks per limit`);
  for (const limit of [20, 100]) {
    const pageLatencies: number[] = [];
    const firstPageLatencies: number[] = [];
    const walkTimes: number[] = [];
    let pages = 0;
    let requests = 0;
    let rows = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const walkStart = performance.now();
      let cursor: string | null = null;
      do {
        const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
        const started = performance.now();
        const response = await pool.request({
          method: 'GET',
          path: `/v1/agents/support-bot/conversations?${query}`,
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await response.body.json()) as {
          data: { rows: unknown[]; pagination: { nextCursor: string | null }; sources: { requests: number }[] };
        };
        const elapsed = performance.now() - started;
        if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
        (cursor === null ? firstPageLatencies : pageLatencies).push(elapsed);
        if (round === 0) {
          pages += 1;
          rows += body.data.rows.length;
          requests += body.data.sources.reduce((sum, source) => sum + source.requests, 0);
        }
        cursor = body.data.pagination.nextCursor;
      } while (cursor !== null);
      walkTimes.push(performance.now() - walkStart);
    }
    const all = [...firstPageLatencies, ...pageLatencies].sort((a, b) => a - b);
    const first = firstPageLatencies.sort((a, b) => a - b);
    const p50 = percentile(all, 0.5);
    console.log(
      [
        `limit ${limit}: ${rows} rows in ${pages} pages, ${requests} vendor requests per walk`,
        `  full walk ${Math.round(percentile(walkTimes.sort((a, b) => a - b), 0.5))} ms (median of ${ROUNDS})`,
        `  first page p50 ${Math.round(percentile(first, 0.5))} ms = ${(percentile(first, 0.5) / slowest).toFixed(2)} x slowest vendor`,
        `  any page   p50 ${Math.round(p50)} ms = ${(p50 / slowest).toFixed(2)} x, p95 ${Math.round(percentile(all, 0.95))} ms = ${(percentile(all, 0.95) / slowest).toFixed(2)} x, max ${Math.round(all[all.length - 1]!)} ms`,
      ].join('\n'),
    );
  }
  console.log(`RSS ${Math.round(rssStart / 2 ** 20)} MiB at start, ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB at end`);
  await pool.close();
  await app.close();
  await world.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
