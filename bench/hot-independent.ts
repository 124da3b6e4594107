/**
 * The hot-path ratio measured a second way: `npm run bench:hot:independent`.
 *
 * Nothing of the sandbox is used. Six minimal vendor fakes (`independent-vendors.ts`,
 * plain node:http servers written from the wire formats in the adapter READMEs and
 * fixtures/) serve one agent's conversations; a config of its own binds them to one agent,
 * with a long page-cache TTL; its own HS256 token is signed here with node:crypto. The
 * compiled gateway (`node dist/src/cli.js`) and the bare Fastify route (`bare-route.ts`,
 * the same body from memory) run as processes of their own, and autocannon drives them in
 * short interleaved runs after one unmeasured warm-up run each (the order flips every
 * round, so neither always runs first).
 * Each round gives a ratio gateway / bare route; the median round is printed with its
 * req/s, p50 and p99, for the hot page and for the 304 of `If-None-Match`.
 *
 * Environment: INDEPENDENT_SECONDS (default 5) per run, INDEPENDENT_ROUNDS (default 5),
 * INDEPENDENT_CONNECTIONS (default 32); INDEPENDENT_RATE_LIMIT=1 turns the gateway's rate
 * limit on (with a budget no run reaches), so its cost is in the figures; HOT_SKIP_BUILD=1
 * uses the dist/ already built.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildUnlessSkipped, freePort, startProcess, stopProcess } from './bench-processes.js';
import { startFakeVendors, type FakeVendor } from './independent-vendors.js';
import { runLoad, type RunFigures } from './load-figures.js';

const SECONDS = Number(process.env.INDEPENDENT_SECONDS ?? 5);
const ROUNDS = Number(process.env.INDEPENDENT_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.INDEPENDENT_CONNECTIONS ?? 32);
const RATE_LIMITED = process.env.INDEPENDENT_RATE_LIMIT === '1';
const JWT_SECRET = 'independent-bench-jwt-secret-0123456789';
const CURSOR_SECRET = 'independent-bench-cursor-secret-0123456789';
const PATH = '/v1/agents/bench-agent/conversations?limit=20';

async function main(): Promise<void> {
  buildUnlessSkipped();
  const vendors = await startFakeVendors(Math.floor(Date.now() / 60_000) * 60_000);
  const folder = mkdtempSync(join(tmpdir(), 'bench-independent-'));
  try {
    const configPath = join(folder, 'gateway.json');
    writeFileSync(configPath, JSON.stringify(configFor(vendors)));
    // Secrets reach the config through the environment, as the gateway requires.
    const env = { ...process.env, INDEPENDENT_JWT: JWT_SECRET, INDEPENDENT_CURSOR: CURSOR_SECRET } as Record<string, string>;
    for (const vendor of vendors) env[`INDEPENDENT_${vendor.vendor.toUpperCase()}_KEY`] = vendor.credential;
    const gatewayPort = await freePort();
    const gateway = await startProcess('node', ['dist/src/cli.js', '--config', configPath, '--port', String(gatewayPort)], env, gatewayPort);
    try {
      const headers = { authorization: `Bearer ${hs256({ sub: 'bench', org: 'bench-org', role: 'ADMIN' })}` };
      const first = await fetch(gateway.url + PATH, { headers });
      const body = await first.text();
      if (first.status !== 200) throw new Error(`the gateway answered ${first.status}: ${body}`);
      const page = JSON.parse(body) as { data: { rows: unknown[]; partial: boolean; sources: { source: string; status: string }[] } };
      if (page.data.partial || page.data.rows.length !== 20) throw new Error(`the first page is not a whole healthy page: ${JSON.stringify({ ...page.data, rows: page.data.rows.length })}`);
      const etag = first.headers.get('etag');
      if (!etag) throw new Error('the gateway sent no ETag');
      const bodyFile = join(folder, 'body.json');
      writeFileSync(bodyFile, body);
      const barePort = await freePort();
      const bare = await startProcess('node', ['--import', 'tsx', 'bench/bare-route.ts', bodyFile, String(barePort)], env, barePort);
      try {
        console.log(
          `independent harness: GET ${PATH} (${body.length} bytes, ${page.data.sources.length} sources: ${page.data.sources.map((source) => `${source.source} ${source.status}`).join(', ')}); ` +
            `rate limit ${RATE_LIMITED ? 'on' : 'off'}; ${CONNECTIONS} connections, ${SECONDS} s a run, ${ROUNDS} rounds`,
        );
        // One unmeasured run each first: the JIT warms up before anything is counted.
        await load(gateway.url + PATH, headers);
        await load(bare.url + PATH, headers);
        const vendorRequestsBefore = vendors.reduce((sum, vendor) => sum + vendor.requests(), 0);
        report('hot page', await rounds(gateway.url, bare.url, headers));
        report('304 (If-None-Match)', await rounds(gateway.url, bare.url, { ...headers, 'if-none-match': etag }));
        const vendorRequests = vendors.reduce((sum, vendor) => sum + vendor.requests(), 0) - vendorRequestsBefore;
        console.log(`vendor requests during the runs: ${vendorRequests} (warm caches: 0 expected)`);
      } finally {
        await stopProcess(bare.process);
      }
    } finally {
      await stopProcess(gateway.process);
    }
  } finally {
    await Promise.all(vendors.map((vendor) => vendor.close()));
    rmSync(folder, { recursive: true, force: true });
  }
}

function configFor(vendors: FakeVendor[]) {
  return {
    server: { host: '127.0.0.1', port: 0 },
    auth: { mode: 'jwt', secret: '${INDEPENDENT_JWT}' },
    cursor: { secret: '${INDEPENDENT_CURSOR}' },
    rateLimit: RATE_LIMITED ? { enabled: true, max: 1_000_000_000, timeWindowMs: 60_000 } : { enabled: false },
    connections: Object.fromEntries(
      vendors.map((vendor) => [
        vendor.vendor,
        {
          adapter: vendor.vendor,
          baseUrl: vendor.baseUrl,
          [vendor.vendor === 'tether' ? 'token' : 'apiKey']: `\${INDEPENDENT_${vendor.vendor.toUpperCase()}_KEY}`,
          cacheTtlMs: 600_000,
        },
      ]),
    ),
    agents: {
      'bench-agent': { name: 'Bench agent', org: 'bench-org', department: 'support', sources: vendors.map((vendor) => ({ connection: vendor.vendor, ...vendor.binding })) },
    },
  };
}

/** An HS256 JWT living one hour, made here rather than with the gateway's own signer. */
function hs256(claims: Record<string, string>): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, iat: now, exp: now + 3600 })}`;
  return `${input}.${createHmac('sha256', JWT_SECRET).update(input).digest('base64url')}`;
}

/** Interleaved runs, the order flipped each round; one pair of runs a round. */
async function rounds(gatewayUrl: string, bareUrl: string, headers: Record<string, string>): Promise<{ gateway: RunFigures; bare: RunFigures }[]> {
  const pairs: { gateway: RunFigures; bare: RunFigures }[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round % 2 === 0) {
      const gateway = await load(gatewayUrl + PATH, headers);
      pairs.push({ gateway, bare: await load(bareUrl + PATH, headers) });
    } else {
      const bare = await load(bareUrl + PATH, headers);
      pairs.push({ gateway: await load(gatewayUrl + PATH, headers), bare });
    }
  }
  return pairs;
}

function load(url: string, headers: Record<string, string>): Promise<RunFigures> {
  return runLoad({ url, headers, connections: CONNECTIONS, duration: SECONDS });
}

function report(name: string, pairs: { gateway: RunFigures; bare: RunFigures }[]): void {
  const ratios = pairs.map((pair) => pair.gateway.requestsPerSecond / pair.bare.requestsPerSecond);
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
  const { gateway, bare } = pairs[ratios.indexOf(median)]!;
  console.log(
    `${name}: median round gateway ${Math.round(gateway.requestsPerSecond)} req/s (p50 ${gateway.p50} ms, p99 ${gateway.p99} ms, non-2xx ${gateway.non2xx}); ` +
      `bare route ${Math.round(bare.requestsPerSecond)} req/s (p50 ${bare.p50} ms, p99 ${bare.p99} ms); ratio ${median.toFixed(2)}x ` +
      `(rounds: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
