/**
 * The hot path: what a page costs when every vendor page it needs is already cached.
 *
 * `npm run bench:hot` builds the gateway (`npm run build`), starts the sandbox's vendor
 * simulators in this process, writes a config that points at them with a long page-cache
 * TTL, and runs the compiled gateway (`node dist/src/cli.js`) as its own process. Beside
 * it, a bare Fastify process answers one route with the gateway's first-page body from
 * memory. One load generator (autocannon) drives both, alternating runs, and prints
 * req/s, p50, p99 and the ratio gateway / bare route:
 *   - hot page: the first page of support-bot (six vendors), limit 20, warm caches;
 *   - 304: the same request with `If-None-Match` set to the page's ETag;
 *   - a mixed load of MIXED_REQUESTS (default 100,000) requests: many callers, limits 1-100,
 *     filters, three agents, `include=raw`; the gateway's RSS before and after.
 * Compare ratios within one run, not milliseconds across runs: this machine is shared.
 *
 * Environment: HOT_SECONDS (default 8) per run, HOT_ROUNDS (default 2) runs per target,
 * HOT_CONNECTIONS (default 32), MIXED_REQUESTS (default 100000); HOT_PROFILE=1 profiles the
 * gateway's CPU during the hot-page runs (HOT_PROFILE=304: during the 304 runs only), prints
 * the top entries (HOT_PROFILE_TOP, default 12) and stops there; HOT_PROFILE_DIR keeps the
 * `.cpuprofile` files in that folder.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { adapterModules } from '../adapters/index.js';
import { signToken } from '../src/auth/sign-token.js';
import { startSandboxWorld } from '../src/sandbox/sandbox-world.js';
import { buildUnlessSkipped, freePort, rssOf, startCompiledGateway, startProcess, stopProcess, type StartedProcess } from './bench-processes.js';
import { topOfProfiles } from './cpu-profile-top.js';
import { runLoad, type RunFigures } from './load-figures.js';

const SECONDS = Number(process.env.HOT_SECONDS ?? 8);
const ROUNDS = Number(process.env.HOT_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.HOT_CONNECTIONS ?? 32);
const MIXED_REQUESTS = Number(process.env.MIXED_REQUESTS ?? 100_000);
const SECRETS = { jwt: 'bench-jwt-secret-0123456789abcdef', cursor: 'bench-cursor-secret-0123456789abcdef' };
const HOT_PATH = '/v1/agents/support-bot/conversations?limit=20';

async function main(): Promise<void> {
  buildUnlessSkipped();
  const world = await startSandboxWorld({ modules: adapterModules, seed: 7, secrets: SECRETS });
  const profileFolder = process.env.HOT_PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'bench-hot-profile-'));
  const profiled = process.env.HOT_PROFILE === '1' ? 'hot' : process.env.HOT_PROFILE === '304' ? '304' : undefined;
  const profiling = profiled ? [`--cpu-prof`, `--cpu-prof-dir=${profileFolder}`] : [];
  const gateway = await startCompiledGateway(world, SECRETS, { connectionSettings: { cacheTtlMs: 600_000 }, extraArgs: profiling });
  const { folder, env } = gateway;
  const token = signToken(SECRETS.jwt, { sub: 'bench', org: 'acme', role: 'ADMIN' });
  const headers = { authorization: `Bearer ${token}` };
  try {
    const first = await fetch(gateway.url + HOT_PATH, { headers });
    const body = await first.text();
    const etag = first.headers.get('etag');
    if (first.status !== 200) throw new Error(`the gateway answered ${first.status}: ${body}`);
    const bodyFile = join(folder, 'body.json');
    writeFileSync(bodyFile, body);
    const barePort = await freePort();
    const bare = await startProcess('node', ['--import', 'tsx', 'bench/bare-route.ts', bodyFile, String(barePort)], env, barePort);
    try {
      console.log(`hot page: GET ${HOT_PATH} (${body.length} bytes), ${CONNECTIONS} connections, ${SECONDS} s a run, ${ROUNDS} runs each, alternating`);
      const printProfile = async () => {
        await stopProcess(gateway.process);
        console.log(topOfProfiles(profileFolder, Number(process.env.HOT_PROFILE_TOP ?? 12)));
      };
      if (profiled !== '304') {
        const hot = await alternate(gateway.url, bare.url, HOT_PATH, headers);
        report('hot page', hot.gateway, hot.bare);
        if (profiled === 'hot') return await printProfile();
      }
      if (etag) {
        const conditional = await alternate(gateway.url, bare.url, HOT_PATH, { ...headers, 'if-none-match': etag });
        report('304 (If-None-Match)', conditional.gateway, conditional.bare);
      } else {
        console.log('304 (If-None-Match): the gateway sends no ETag');
      }
      if (profiled === '304') return await printProfile();
      await mixedLoad(gateway, world.config.agents);
    } finally {
      bare.process.kill('SIGTERM');
    }
  } finally {
    await gateway.stop();
    await world.close();
  }
}

async function alternate(gatewayUrl: string, bareUrl: string, path: string, headers: Record<string, string>) {
  const gateway: RunFigures[] = [];
  const bare: RunFigures[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    gateway.push(await load({ url: gatewayUrl + path, headers }));
    bare.push(await load({ url: bareUrl + path, headers }));
  }
  return { gateway: best(gateway), bare: best(bare) };
}

function load(options: autocannon.Options): Promise<RunFigures> {
  return runLoad({ connections: CONNECTIONS, duration: SECONDS, ...options });
}

/** The run with the most requests a second: the machine's noise only ever slows a run down. */
function best(runs: RunFigures[]): RunFigures {
  return runs.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
}

function report(name: string, gateway: RunFigures, bare: RunFigures): void {
  const ratio = gateway.requestsPerSecond / bare.requestsPerSecond;
  console.log(
    `${name}: gateway ${Math.round(gateway.requestsPerSecond)} req/s (p50 ${gateway.p50} ms, p99 ${gateway.p99} ms, non-2xx ${gateway.non2xx}); ` +
      `bare route ${Math.round(bare.requestsPerSecond)} req/s (p50 ${bare.p50} ms, p99 ${bare.p99} ms); ratio ${ratio.toFixed(2)}x`,
  );
}

/** Many callers, limits 1-100, filters, three agents and `include=raw`, first pages and second pages. */
async function mixedLoad(gateway: StartedProcess, agents: Record<string, { org: string }>): Promise<void> {
  const agentIds = Object.keys(agents);
  const tokens = Array.from({ length: 50 }, (_, index) => {
    const agentId = agentIds[index % agentIds.length]!;
    return { agentId, token: signToken(SECRETS.jwt, { sub: `caller-${index}`, org: agents[agentId]!.org, role: 'ADMIN' }) };
  });
  const filters = ['', '&channel=voice', '&state=resolved,autopilot', '&q=a', '&minDurationSec=60', '&include=raw', '&successful=true', '&since=2026-01-01T00:00:00Z'];
  const rssStart = rssOf(gateway.process.pid!);
  let counter = 0;
  const started = Date.now();
  const result = await autocannon({
    url: gateway.url,
    connections: CONNECTIONS,
    amount: MIXED_REQUESTS,
    requests: [
      {
        setupRequest: (request) => {
          counter += 1;
          const caller = tokens[counter % tokens.length]!;
          const limit = 1 + ((counter * 37) % 100);
          const filter = filters[counter % filters.length];
          return {
            ...request,
            method: 'GET',
            path: `/v1/agents/${caller.agentId}/conversations?limit=${limit}${filter}`,
            headers: { authorization: `Bearer ${caller.token}` },
          };
        },
      },
    ],
  });
  const rssEnd = rssOf(gateway.process.pid!);
  console.log(
    `mixed load: ${result.requests.total} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, ${Math.round(result.requests.average)} req/s, ` +
      `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
  console.log(`gateway RSS: ${rssStart} MiB before the mixed load, ${rssEnd} MiB after (${(rssEnd / rssStart).toFixed(2)}x)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
