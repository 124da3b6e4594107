/**
 * The same conversation on two sources (`npm run bench:duplicates`): support-bot's walk in
 * each `duplicates` mode over the sandbox, whose ChatDash account imports every third call
 * of the Vapi, Retell and ElevenLabs agents bound beside it.
 *
 * Vendors: the sandbox simulators in a child process, each answering after its own delay;
 * the gateway in this process with its vendor-page cache and its kept details off, so every
 * page reads its vendors and every link is asked again. For `show`, `link` and `hide`, a
 * whole walk (limit=50) DUPLICATE_ROUNDS times (default 3) after one unmeasured walk: the p50
 * of a page, beside the slowest vendor's delay and a show page's p50; the vendor calls per
 * page (the sources' list reads and the links' lookups); the rows and copies left out.
 * Compare ratios within one run: this machine is shared and noisy.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { adapterModules } from '../adapters/index.js';
import { signToken } from '../src/auth/sign-token.js';
import { sandboxAgents } from '../src/sandbox/sandbox-agents.js';
import { BENCH_SECRETS, median, setDelays, startColdGateway, startVendors } from './bench-vendors.js';

const ROUNDS = Number(process.env.DUPLICATE_ROUNDS ?? 3);
const DELAYS: Record<string, number> = { convocore: 30, chatdash: 35, elevenlabs: 40, tether: 45, vapi: 50, retell: 60 };
const MODES = ['show', 'link', 'hide'] as const;
const authorization = `Bearer ${signToken(BENCH_SECRETS.jwt, { sub: 'bench', org: 'acme', role: 'ADMIN' })}`;

interface Page {
  rows: { id: string }[];
  pagination: { hasMore: boolean; nextCursor: string | null };
  sources: { requests: number }[];
  links?: { hidden: number; unconfirmed: number; calls: number };
}

interface ModeFigures {
  pageMs: number[];
  listCalls: number[];
  linkCalls: number[];
  rows: number;
  hidden: number;
  unconfirmed: number;
}

async function main(): Promise<void> {
  const world = await startVendors(sandboxAgents(adapterModules), BENCH_SECRETS);
  const { pool, config, close } = await startColdGateway(world);
  try {
    await setDelays(world, DELAYS);
    const figures = new Map<string, ModeFigures>();
    for (const mode of MODES) await walk(pool, mode, undefined);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const mode of MODES) {
        if (!figures.has(mode)) figures.set(mode, { pageMs: [], listCalls: [], linkCalls: [], rows: 0, hidden: 0, unconfirmed: 0 });
        await walk(pool, mode, figures.get(mode)!);
      }
    }
    report(figures, config.limits.maxVendorCallsPerRequest);
  } finally {
    await close();
    world.child.send({ kind: 'close' });
  }
}

/** One whole walk of support-bot in `mode`, its pages' figures added to `figures` (none: not measured). */
async function walk(pool: Pool, mode: string, figures: ModeFigures | undefined): Promise<void> {
  let cursor: string | null = null;
  do {
    const path = `/v1/agents/support-bot/conversations?limit=50&duplicates=${mode}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const started = performance.now();
    const response = await pool.request({ method: 'GET', path, headers: { authorization } });
    const body = (await response.body.json()) as { data: Page };
    const ms = performance.now() - started;
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${JSON.stringify(body).slice(0, 300)}`);
    const page = body.data;
    if (figures) {
      figures.pageMs.push(ms);
      figures.listCalls.push(page.sources.reduce((sum, source) => sum + source.requests, 0));
      figures.linkCalls.push(page.links?.calls ?? 0);
      figures.rows += page.rows.length;
      figures.hidden += page.links?.hidden ?? 0;
      figures.unconfirmed += page.links?.unconfirmed ?? 0;
    }
    cursor = page.pagination.hasMore ? page.pagination.nextCursor : null;
  } while (cursor);
}

function report(figures: Map<string, ModeFigures>, budget: number): void {
  const showP50 = median(figures.get('show')!.pageMs);
  const slowest = Math.max(...Object.values(DELAYS));
  console.log(`support-bot, limit=50, caches off, vendor delays (ms) ${JSON.stringify(DELAYS)}, ${ROUNDS} rounds; budget ${budget} vendor calls a page`);
  console.log('mode  | page p50 | vs show | vs slowest vendor | list calls/page p50 | link calls/page p50 (max) | rows a walk | copies left out | unconfirmed');
  for (const [mode, figure] of figures) {
    const p50 = median(figure.pageMs);
    console.log(
      `${mode.padEnd(5)} | ${p50.toFixed(0).padStart(5)} ms | ${(p50 / showP50).toFixed(2)} x  | ${(p50 / slowest).toFixed(2)} x            | ${String(median(figure.listCalls)).padStart(19)} | ` +
        `${String(median(figure.linkCalls)).padStart(3)} (${Math.max(...figure.linkCalls)})                  | ${String(figure.rows / ROUNDS).padStart(11)} | ${String(figure.hidden / ROUNDS).padStart(15)} | ${figure.unconfirmed}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
