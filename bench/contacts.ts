/**
 * One person across every agent (`npm run bench:contacts`): the contact search,
 * `GET /v1/conversations?contactKey=…`, over the sandbox's agents.
 *
 * Vendors: the sandbox simulators (every vendor, every agent of the sandbox) in a child
 * process, each answering after its own delay; the gateway in this process, its vendor-page
 * cache off, so every search reads its vendors. Prints, with the targets:
 * 1. A whole search (every page, to the end) for CONTACTS_SEARCHED (default 6) of acme's
 *    contacts, CONTACT_ROUNDS (default 3) times each after one unmeasured search of each:
 *    the p50 beside its physical limit, the
 *    slowest source's own chain of list pages read straight from its simulator (a rare
 *    contact's rows can be anywhere, so every row of every source is read; sources are read
 *    side by side). Target: search p50 <= 1.3 x the limit.
 * 2. Vendor calls per search page (the sources' `requests`, summed), beside the request's
 *    budget (limits.maxVendorCallsPerRequest), and the pages a search took.
 *    No vendor documents a list filter by the contact's phone or email (docs/contacts.md),
 *    so there is no push-down to compare with: every figure here is filter-after-read.
 * Compare ratios within one run: this machine is shared and noisy.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { adapterModules } from '../adapters/index.js';
import { signToken } from '../src/auth/sign-token.js';
import { sandboxAgents } from '../src/sandbox/sandbox-agents.js';
import { BENCH_SECRETS, median, setDelays, startColdGateway, startVendors, vendorChainMs, type Vendors } from './bench-vendors.js';

const CONTACTS = Number(process.env.CONTACTS_SEARCHED ?? 6);
const ROUNDS = Number(process.env.CONTACT_ROUNDS ?? 3);
const DELAYS: Record<string, number> = { convocore: 30, chatdash: 35, elevenlabs: 40, tether: 45, vapi: 50, retell: 60 };
const SECRETS = BENCH_SECRETS;
const SANDBOX_AGENTS = sandboxAgents(adapterModules);
const ORG = 'acme';
const authorization = `Bearer ${signToken(SECRETS.jwt, { sub: 'bench', org: ORG, role: 'ADMIN' })}`;

interface SearchPage {
  rows: { id: string; contactKey: string | null }[];
  pagination: { hasMore: boolean; nextCursor: string | null };
  sources: { source: string; requests: number }[];
  cut?: { reason: string };
}

async function main(): Promise<void> {
  const world = await startVendors(SANDBOX_AGENTS, SECRETS);
  const { pool, config, close } = await startColdGateway(world);
  try {
    const keys = await contactsOfOrg(pool);
    await setDelays(world, DELAYS);
    await searches(world, pool, keys, config.limits.maxVendorCallsPerRequest);
  } finally {
    await close();
    world.child.send({ kind: 'close' });
  }
}

async function getPage(pool: Pool, path: string): Promise<SearchPage> {
  const response = await pool.request({ method: 'GET', path, headers: { authorization } });
  const body = (await response.body.json()) as { data: SearchPage };
  if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${JSON.stringify(body).slice(0, 300)}`);
  return body.data;
}

/** Every page of one path, following the cursor. */
async function walk(pool: Pool, path: string): Promise<{ ms: number; pages: SearchPage[] }> {
  const started = performance.now();
  const pages: SearchPage[] = [];
  let cursor: string | null = null;
  do {
    const page: SearchPage = await getPage(pool, cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path);
    pages.push(page);
    cursor = page.pagination.hasMore ? page.pagination.nextCursor : null;
  } while (cursor);
  return { ms: performance.now() - started, pages };
}

/** The org's contacts, picked across how often they recur: the most frequent and then evenly down the list, tel: and mailto: alike. */
async function contactsOfOrg(pool: Pool): Promise<string[]> {
  const counts = new Map<string, number>();
  for (const agent of SANDBOX_AGENTS.filter((plan) => plan.org === ORG)) {
    const { pages } = await walk(pool, `/v1/agents/${agent.id}/conversations?limit=100`);
    for (const row of pages.flatMap((page) => page.rows)) if (row.contactKey) counts.set(row.contactKey, (counts.get(row.contactKey) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
  const step = Math.max(1, Math.floor(ranked.length / CONTACTS));
  return Array.from({ length: Math.min(CONTACTS, ranked.length) }, (_, index) => ranked[index * step]!);
}

/** The slowest source's own chain of list pages, straight from its simulator: every (agent, vendor) binding of the org. */
async function slowestChainMs(world: Vendors): Promise<{ ms: number; name: string }> {
  let slowest = { ms: 0, name: '' };
  for (const agent of SANDBOX_AGENTS.filter((plan) => plan.org === ORG)) {
    for (const { vendor } of agent.sources) {
      const chain = await vendorChainMs(world, agent.id, vendor);
      if (chain.ms > slowest.ms) slowest = { ms: chain.ms, name: `${vendor} (${agent.id}, ${chain.pages} pages)` };
    }
  }
  return slowest;
}

async function searches(world: Vendors, pool: Pool, keys: string[], budget: number): Promise<void> {
  const searchMs: number[] = [];
  const limits: number[] = [];
  const callsPerPage: number[] = [];
  const pagesPerSearch: number[] = [];
  let rows = 0;
  let cutPages = 0;
  // One search of each contact first, not measured: the gateway's first searches pay for compiling its code.
  for (const key of keys) await walk(pool, `/v1/conversations?contactKey=${encodeURIComponent(key)}&limit=100`);
  for (let round = 0; round < ROUNDS; round += 1) {
    limits.push((await slowestChainMs(world)).ms);
    for (const key of keys) {
      const search = await walk(pool, `/v1/conversations?contactKey=${encodeURIComponent(key)}&limit=100`);
      searchMs.push(search.ms);
      pagesPerSearch.push(search.pages.length);
      for (const page of search.pages) {
        callsPerPage.push(page.sources.reduce((sum, source) => sum + source.requests, 0));
        if (page.cut) cutPages += 1;
        if (round === 0) rows += page.rows.length;
      }
    }
  }
  const slowest = await slowestChainMs(world);
  const [searchP50, limitP50] = [median(searchMs), median(limits)];
  console.log(`contact search over ${ORG}'s agents (${SANDBOX_AGENTS.filter((plan) => plan.org === ORG).map((plan) => plan.id).join(', ')}), caches off, vendor delays (ms) ${JSON.stringify(DELAYS)}`);
  console.log(`   ${keys.length} contacts x ${ROUNDS} rounds, ${rows} rows found in a round, limit=100`);
  console.log(`1. whole search (every page) p50 ${Math.round(searchP50)} ms; slowest source's own list chain p50 ${Math.round(limitP50)} ms (${slowest.name}): ${(searchP50 / limitP50).toFixed(2)} x (target <= 1.3)`);
  console.log(
    `2. vendor calls per search page: p50 ${median(callsPerPage)}, max ${Math.max(...callsPerPage)} (budget ${budget}); pages per search p50 ${median(pagesPerSearch)}, ` +
      `${cutPages} of ${callsPerPage.length} pages cut by the budget or the deadline`,
  );
  console.log('   with push-down: nothing to compare: no vendor documents a list filter by the contact\'s phone or email, so every source is read and filtered by the gateway');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
