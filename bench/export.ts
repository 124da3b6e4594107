/**
 * Export speed and memory (`npm run bench:export`).
 *
 * 1. A 3,200-row agent across four vendors, each answering after its own delay (30–120 ms),
 *    vendor-page cache off. Prints the physical limit (each vendor's own chain of page
 *    reads at its largest page size, read directly from its simulator one after another;
 *    the slowest chain is the limit), the export's time (first byte asked to last byte
 *    read, NDJSON) and a client walking the page endpoint at limit=100, medians of
 *    EXPORT_ROUNDS (default 3) runs each, and the ratios.
 * 2. A 50,000-row agent (13,300 conversations per vendor) on the same vendors without delays: RSS sampled every 20 ms during
 *    one export whose body is read and dropped, against RSS just before it. The simulators
 *    run in a child process (`export-vendors.ts`), so the RSS is the gateway's and its client's.
 * Targets: export ≤ 1.2 × the limit; ≥ 3 × faster than the page walk; RSS growth ≤ 50 MiB.
 */
import { performance } from 'node:perf_hooks';
import { signToken } from '../src/auth/sign-token.js';
import { sandboxConnectionName } from '../src/sandbox/sandbox-world.js';
import { BENCH_SECRETS, benchAgent, median, setDelays, startColdGateway, startVendors, vendorChainMs } from './bench-vendors.js';

const ROUNDS = Number(process.env.EXPORT_ROUNDS ?? 3);
const DELAYS: Record<string, number> = { convocore: 30, chatdash: 60, tether: 90, elevenlabs: 120 };
const SECRETS = BENCH_SECRETS;
const MiB = 2 ** 20;

const agent = (id: string, perVendor: number) => benchAgent(id, Object.keys(DELAYS), perVendor);

async function main(): Promise<void> {
  const authorization = `Bearer ${signToken(SECRETS.jwt, { sub: 'bench', org: 'acme', role: 'ADMIN' })}`;
  // Each agent on its own simulators: the small agent's vendors do not scan the big one's rows.
  let world = await startVendors([agent('bench-bot', 800)], SECRETS);
  let gateway = await startColdGateway(world, 2);
  let pool = gateway.pool;

  const exportOnce = async (agentId: string, query = '') => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const response = await pool.request({ method: 'GET', path: `/v1/agents/${agentId}/conversations/export${query}`, headers: { authorization } });
    let tail = '';
    for await (const chunk of response.body) {
      tail = (tail + chunk.toString()).slice(-200_000);
    }
    const trailer = JSON.parse(tail.trimEnd().split('\n').pop()!) as { trailer: { rows: number; complete: boolean } };
    if (response.statusCode !== 200 || !trailer.trailer.complete) throw new Error(`export failed: ${response.statusCode} ${tail.slice(-300)}`);
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, rows: trailer.trailer.rows, cpuMs: (used.user + used.system) / 1000 };
  };

  const pageWalkOnce = async (agentId: string) => {
    const started = performance.now();
    let cursor: string | null = null;
    let rows = 0;
    do {
      const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
      const response = await pool.request({ method: 'GET', path: `/v1/agents/${agentId}/conversations?${query}`, headers: { authorization } });
      const body = (await response.body.json()) as { data: { rows: unknown[]; pagination: { nextCursor: string | null } } };
      rows += body.data.rows.length;
      cursor = body.data.pagination.nextCursor;
    } while (cursor !== null);
    return { ms: performance.now() - started, rows };
  };

  // Warm-up (JIT, keep-alive sockets) without delays.
  await exportOnce('bench-bot');
  await setDelays(world, DELAYS);

  const chains: Record<string, { ms: number; pages: number }[]> = {};
  const together: number[] = [];
  const exports: number[] = [];
  const exportCpu: number[] = [];
  const walks: number[] = [];
  let rows = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const vendor of Object.keys(DELAYS)) (chains[vendor] ??= []).push(await vendorChainMs(world, 'bench-bot', vendor));
    // Context, not the target: every vendor's chain at once shares the simulators' process as the export does.
    const concurrent = await Promise.all(Object.keys(DELAYS).map((vendor) => vendorChainMs(world, 'bench-bot', vendor)));
    together.push(Math.max(...concurrent.map((chain) => chain.ms)));
    const exported = await exportOnce('bench-bot');
    exports.push(exported.ms);
    exportCpu.push(exported.cpuMs);
    rows = exported.rows;
    const walked = await pageWalkOnce('bench-bot');
    if (walked.rows !== exported.rows) throw new Error(`page walk ${walked.rows} rows, export ${exported.rows}`);
    walks.push(walked.ms);
  }
  if (process.env.EXPORT_PROBE) {
    for (const vendor of Object.keys(DELAYS)) {
      const alone = await exportOnce('bench-bot', `?sources=${sandboxConnectionName(vendor)}`);
      console.log(`probe: export of ${vendor} alone ${Math.round(alone.ms)} ms`);
    }
  }
  const chainMedians = Object.entries(chains).map(([vendor, runs]) => ({ vendor, ms: median(runs.map((run) => run.ms)), pages: runs[0]!.pages }));
  const limit = Math.max(...chainMedians.map((chain) => chain.ms));
  const exportMs = median(exports);
  const walkMs = median(walks);
  console.log(`vendor delays (ms): ${JSON.stringify(DELAYS)}; cache off; medians of ${ROUNDS} runs`);
  for (const chain of chainMedians) console.log(`  ${chain.vendor.padEnd(11)} own chain: ${chain.pages} pages in ${Math.round(chain.ms)} ms`);
  console.log(`${rows} rows (bench-bot)`);
  console.log(`  physical limit (slowest vendor's chain) ${Math.round(limit)} ms`);
  console.log(`  all four chains at once (context)       ${Math.round(median(together))} ms`);
  console.log(`  export                                  ${Math.round(exportMs)} ms = ${(exportMs / limit).toFixed(2)} x the limit (target <= 1.2); gateway+client CPU ${Math.round(median(exportCpu))} ms`);
  console.log(`  page walk at limit=100                  ${Math.round(walkMs)} ms = ${(walkMs / exportMs).toFixed(1)} x the export's time (target >= 3)`);

  await gateway.close();
  world.child.send({ kind: 'close' });
  world = await startVendors([agent('big-bot', 13_300)], SECRETS);
  gateway = await startColdGateway(world, 2);
  pool = gateway.pool;
  await exportOnce('big-bot', '?sources=chatdash');
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
  const big = await exportOnce('big-bot');
  clearInterval(sampler);
  console.log(`${big.rows} rows (big-bot) exported in ${Math.round(big.ms)} ms (${Math.round(big.rows / (big.ms / 1000))} rows/s)`);
  console.log(`  RSS ${Math.round(rssBefore / MiB)} MiB before, peak ${Math.round(rssPeak / MiB)} MiB during: growth ${((rssPeak - rssBefore) / MiB).toFixed(1)} MiB (target <= 50)`);

  await gateway.close();
  world.child.send({ kind: 'close' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
