/**
 * The conversation detail and the export with transcripts (`npm run bench:detail`).
 *
 * Vendors: the sandbox simulators of the four vendors with a transcript read, in a child
 * process, each answering after its own delay. Prints, with the targets:
 * 1. A cold detail read (vendor page cache and kept details off): the gateway's p50 beside
 *    the vendor's own p50 for the same reads sent straight to its simulator, DETAIL_READS
 *    (default 40) conversations per vendor, alternating. Target: gateway ≤ vendor + 5 ms.
 * 2. A kept detail (a finished conversation, served from the kept details): the compiled
 *    gateway (`node dist/src/cli.js`, its own process) against a bare Fastify route answering
 *    the same body from memory, autocannon alternating DETAIL_ROUNDS (default 2) runs of
 *    DETAIL_SECONDS (default 6) each. Target: ≥ 0.8 × the bare route's requests a second.
 * 3. An export of about 1,000 rows with `include=transcript`, caches off, against its
 *    physical limit: the slowest vendor's own chain of list pages plus its detail reads at
 *    its connection's concurrency, both read straight from its simulator. Medians of
 *    EXPORT_ROUNDS (default 3). Target: ≤ 1.3 × the limit.
 * Compare ratios within one run: this machine is shared and noisy.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { adapterModules } from '../adapters/index.js';
import { signToken } from '../src/auth/sign-token.js';
import { DEFAULT_CONNECTION } from '../src/config/gateway-config.js';
import { buildUnlessSkipped, freePort, startCompiledGateway, startProcess, stopProcess } from './bench-processes.js';
import { BENCH_SECRETS, benchAgent, median, setDelays, startColdGateway, startVendors, vendorChainMs, vendorDetailMs, type Vendors } from './bench-vendors.js';
import { runLoad, type RunFigures } from './load-figures.js';

const READS = Number(process.env.DETAIL_READS ?? 40);
const ROUNDS = Number(process.env.DETAIL_ROUNDS ?? 2);
const SECONDS = Number(process.env.DETAIL_SECONDS ?? 6);
const EXPORT_ROUNDS = Number(process.env.EXPORT_ROUNDS ?? 3);
const DELAYS: Record<string, number> = { convocore: 30, elevenlabs: 40, vapi: 50, retell: 60 };
const SECRETS = BENCH_SECRETS;
const AGENT = benchAgent('detail-bot', Object.keys(DELAYS), 250);
const authorization = `Bearer ${signToken(SECRETS.jwt, { sub: 'bench', org: 'acme', role: 'ADMIN' })}`;

interface Row {
  id: string;
  vendor: string;
  conversationId: string;
  endedAt: string | null;
  transcript?: { status: string };
}

async function main(): Promise<void> {
  const world = await startVendors([AGENT], SECRETS);
  const { pool, close } = await startColdGateway(world);
  try {
    const rows = (await exportOnce(pool, '')).lines;
    await setDelays(world, DELAYS);
    await coldDetail(world, pool, rows);
    await exportWithTranscripts(world, pool, rows);
    await keptDetail(world, rows);
  } finally {
    await close();
    world.child.send({ kind: 'close' });
  }
}

async function exportOnce(pool: Pool, query: string): Promise<{ ms: number; lines: Row[] }> {
  const started = performance.now();
  const response = await pool.request({ method: 'GET', path: `/v1/agents/${AGENT.id}/conversations/export${query}`, headers: { authorization } });
  const body = await response.body.text();
  const values = body.trim().split('\n').map((line) => JSON.parse(line) as Row | { trailer: { complete: boolean } });
  const last = values.pop() as { trailer: { complete: boolean } };
  if (response.statusCode !== 200 || !last.trailer.complete) throw new Error(`export failed: ${response.statusCode} ${body.slice(-300)}`);
  return { ms: performance.now() - started, lines: values as Row[] };
}

const detailPath = (rowId: string) => `/v1/agents/${AGENT.id}/conversations/${encodeURIComponent(rowId)}`;

async function getDetail(pool: Pool, rowId: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const response = await pool.request({ method: 'GET', path: detailPath(rowId), headers: { authorization } });
  const body = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`detail ${rowId}: ${response.statusCode} ${body.slice(0, 300)}`);
  return { ms: performance.now() - started, body };
}

/** 1. The gateway's cold detail read beside the same reads sent straight to the vendor. */
async function coldDetail(world: Vendors, pool: Pool, rows: Row[]): Promise<void> {
  console.log(`1. cold detail read (caches off), ${READS} conversations per vendor, vendor delays (ms) ${JSON.stringify(DELAYS)}`);
  for (const vendor of Object.keys(DELAYS)) {
    const sample = rows.filter((row) => row.vendor === vendor).slice(0, READS);
    const gateway: number[] = [];
    const direct: number[] = [];
    for (const row of sample) {
      direct.push(await vendorDetailMs(world, AGENT.id, vendor, row.conversationId));
      gateway.push((await getDetail(pool, row.id)).ms);
    }
    const [gatewayP50, vendorP50] = [median(gateway), median(direct)];
    console.log(
      `   ${vendor.padEnd(11)} gateway p50 ${gatewayP50.toFixed(1)} ms, vendor p50 ${vendorP50.toFixed(1)} ms: +${(gatewayP50 - vendorP50).toFixed(1)} ms (target <= +5)`,
    );
  }
}

/** 3. The export with transcripts against the slowest vendor's list chain plus its detail reads at its concurrency. */
async function exportWithTranscripts(world: Vendors, pool: Pool, rows: Row[]): Promise<void> {
  const limits: Record<string, number[]> = {};
  const together: number[] = [];
  const exports: number[] = [];
  let written = 0;
  const chainAndDetails = async (vendor: string) => {
    const chain = await vendorChainMs(world, AGENT.id, vendor);
    return chain.ms + (await detailsAtConcurrency(world, vendor, rows.filter((row) => row.vendor === vendor)));
  };
  for (let round = 0; round < EXPORT_ROUNDS; round += 1) {
    for (const vendor of Object.keys(DELAYS)) (limits[vendor] ??= []).push(await chainAndDetails(vendor));
    // Context, not the target: every vendor's reads at once share the simulators' process as the export's do.
    const started = performance.now();
    await Promise.all(Object.keys(DELAYS).map(chainAndDetails));
    together.push(performance.now() - started);
    const exported = await exportOnce(pool, '?include=transcript');
    if (exported.lines.some((line) => line.transcript?.status !== 'ok' && line.transcript?.status !== 'unavailable')) throw new Error('a transcript was not read');
    exports.push(exported.ms);
    written = exported.lines.length;
  }
  const perVendor = Object.entries(limits).map(([vendor, runs]) => ({ vendor, ms: median(runs) }));
  const limit = Math.max(...perVendor.map((entry) => entry.ms));
  const exportMs = median(exports);
  console.log(`3. export of ${written} rows with include=transcript, caches off, medians of ${EXPORT_ROUNDS} runs`);
  for (const entry of perVendor) console.log(`   ${entry.vendor.padEnd(11)} own list chain + detail reads at concurrency ${DEFAULT_CONNECTION.maxConcurrency}: ${Math.round(entry.ms)} ms`);
  console.log(`   the four vendors' reads at once, straight from the simulators (context): ${Math.round(median(together))} ms`);
  console.log(`   physical limit ${Math.round(limit)} ms; export ${Math.round(exportMs)} ms = ${(exportMs / limit).toFixed(2)} x the limit (target <= 1.3)`);
}

/**
 * A vendor's detail reads of these rows straight from its simulator, `maxConcurrency` vendor
 * calls at a time (a detail of two reads, as Convocore's, takes two of them).
 */
async function detailsAtConcurrency(world: Vendors, vendor: string, rows: Row[]): Promise<number> {
  const detail = adapterModules.find((module) => module.adapter.vendor === vendor)!.adapter.detail;
  const readsPerRow = detail && 'reads' in detail ? Object.keys(detail.reads).length : 1;
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next]!;
      next += 1;
      await vendorDetailMs(world, AGENT.id, vendor, row.conversationId);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.floor(DEFAULT_CONNECTION.maxConcurrency / readsPerRow)) }, worker));
  return performance.now() - started;
}

/** 2. A kept detail from the compiled gateway against a bare route with the same body. */
async function keptDetail(world: Vendors, rows: Row[]): Promise<void> {
  buildUnlessSkipped();
  await setDelays(world, {});
  const gateway = await startCompiledGateway(world, SECRETS);
  try {
    const finished = rows.find((row) => row.vendor === 'retell' && row.endedAt !== null)!;
    const path = detailPath(finished.id);
    const read = () => fetch(gateway.url + path, { headers: { authorization } }).then((answer) => answer.text());
    await read();
    const body = await read();
    const kept = JSON.parse(body) as { data: { source: { cached: boolean; requests: number } } };
    if (!kept.data.source.cached || kept.data.source.requests !== 0) throw new Error('the second read was not served from the kept details');
    const bodyFile = join(gateway.folder, 'body.json');
    writeFileSync(bodyFile, body);
    const barePort = await freePort();
    const bare = await startProcess('node', ['--import', 'tsx', 'bench/bare-route.ts', bodyFile, String(barePort)], gateway.env, barePort);
    try {
      const figures = { gateway: [] as RunFigures[], bare: [] as RunFigures[] };
      for (let round = 0; round < ROUNDS; round += 1) {
        figures.gateway.push(await runLoad({ url: gateway.url + path, headers: { authorization }, connections: 32, duration: SECONDS }));
        figures.bare.push(await runLoad({ url: bare.url + path, headers: { authorization }, connections: 32, duration: SECONDS }));
      }
      const best = (runs: RunFigures[]) => runs.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
      const [ours, theirs] = [best(figures.gateway), best(figures.bare)];
      console.log(`2. kept detail (${body.length} bytes), 32 connections, ${SECONDS} s a run, ${ROUNDS} runs each, alternating`);
      console.log(
        `   gateway ${Math.round(ours.requestsPerSecond)} req/s (p50 ${ours.p50} ms, non-2xx ${ours.non2xx}); bare route ${Math.round(theirs.requestsPerSecond)} req/s (p50 ${theirs.p50} ms): ` +
          `ratio ${(ours.requestsPerSecond / theirs.requestsPerSecond).toFixed(2)}x (target >= 0.8)`,
      );
    } finally {
      await stopProcess(bare.process);
    }
  } finally {
    await gateway.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
