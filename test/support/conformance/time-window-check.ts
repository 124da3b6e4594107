import { buildApp } from '../../../src/app.js';
import { signToken } from '../../../src/auth/sign-token.js';
import { DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, type GatewayConfig } from '../../../src/config/gateway-config.js';
import type { Row } from '../../../src/contract/index.js';
import { DEFAULT_CONNECTION } from '../../../src/config/gateway-config.js';
import { rowsInGatewayOrder } from '../oracle/gateway-order.js';
import { rowMatchesQuery } from '../oracle/query-filter.js';
import { walkAll } from '../walk.js';
import { rowOf } from './rows-check.js';
import type { SimulatedVendor } from './simulated-vendor.js';

const JWT_SECRET = 'time-window-jwt-secret-0123456789abcdef';
const AGENT = 'conformance-agent';

/**
 * Walks with `since` / `until` through the gateway (the adapter's push-down included) and
 * compares each answer with the simulator's full list for the binding, mapped and filtered
 * exactly by the README's rules: a time filter pushed down that drops or keeps a row it
 * should not shows here. The windows' edges sit on records' own times, where an off-by-one
 * or a unit mistake in the pushed bound bites.
 */
export async function checkTimeWindows(vendor: SimulatedVendor): Promise<string[]> {
  if (vendor.walkProblem) return [vendor.walkProblem];
  const all = vendor.simulator.visibleRecords(vendor.binding).flatMap((record) => {
    try {
      return [rowOf(vendor, record)];
    } catch {
      return [];
    }
  });
  const times = [...new Set(all.flatMap((row) => (row.lastActivityAt === null ? [] : [Date.parse(row.lastActivityAt)])))].sort((a, b) => a - b);
  if (times.length < 4) return [`the simulator shows ${times.length} distinct last-activity times for the binding; a time-window walk needs at least 4`];
  const at = (fraction: number) => new Date(times[Math.floor((times.length - 1) * fraction)]!).toISOString();
  const windows: Record<string, string>[] = [
    { since: at(0.25), until: at(0.75) },
    { since: at(0.5) },
    { until: at(0.5) },
    { since: new Date(times[0]! + 1).toISOString(), until: new Date(times.at(-1)!).toISOString() },
  ];
  const app = await buildApp({ config: configFor(vendor), adapters: [vendor.module], now: () => vendor.now });
  const token = signToken(JWT_SECRET, { sub: 'conformance', org: 'conformance', role: 'ADMIN' });
  const problems: string[] = [];
  try {
    for (const window of windows) {
      const label = Object.entries(window).map(([name, value]) => `${name}=${value}`).join('&');
      let rows: Row[];
      try {
        rows = (await walkAll(app, token, AGENT, { ...window, limit: '7' }, undefined, 500)).rows;
      } catch (error) {
        problems.push(`${label}: ${(error as Error).message}`);
        continue;
      }
      const expected = rowsInGatewayOrder(all.filter((row) => rowMatchesQuery(row, window))).map((row) => row.id);
      const read = rows.map((row) => row.id);
      const missing = expected.filter((id) => !read.includes(id));
      const extra = read.filter((id) => !expected.includes(id));
      if (missing.length > 0) problems.push(`${label}: the walk dropped ${missing.length} of ${expected.length} row(s) in the window: ${missing.slice(0, 3).join(', ')}`);
      if (extra.length > 0) problems.push(`${label}: the walk returned ${extra.length} row(s) outside the window: ${extra.slice(0, 3).join(', ')}`);
      if (missing.length === 0 && extra.length === 0 && read.join() !== expected.join()) problems.push(`${label}: the rows are not in the gateway order`);
    }
  } finally {
    await app.close();
  }
  return problems;
}

function configFor(vendor: SimulatedVendor): GatewayConfig {
  const { connection, ...binding } = vendor.binding;
  return {
    server: { host: '127.0.0.1', port: 0 },
    auth: { mode: 'jwt', secret: JWT_SECRET },
    cursor: { secrets: ['time-window-cursor-secret-0123456789abcdef'], ttlSeconds: 3_600 },
    limits: { ...DEFAULT_LIMITS, countCacheTtlMs: 0 },
    rateLimit: { ...DEFAULT_RATE_LIMIT, enabled: false },
    connections: { [connection]: { adapter: vendor.module.adapter.vendor, baseUrl: vendor.simulator.baseUrl, apiKey: vendor.credential, ...DEFAULT_CONNECTION, cacheTtlMs: 0, retries: 0 } },
    agents: { [AGENT]: { name: 'Conformance agent', org: 'conformance', sources: [{ connection, ...binding }] } },
  };
}
