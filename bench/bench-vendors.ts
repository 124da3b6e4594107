/**
 * The sandbox simulators in a child process (`export-vendors.ts`), for the benches that
 * measure the gateway against vendors with delays: the child gets its own core and the
 * bench's RSS is the gateway's. And what a vendor costs read directly, with no gateway:
 * its chain of list pages, and its detail reads.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { Pool, request } from 'undici';
import { adapterModules } from '../adapters/index.js';
import { buildApp } from '../src/app.js';
import type { GatewayConfig } from '../src/config/gateway-config.js';
import { isDetailRead, type AdapterDefinition, type SourceBinding } from '../src/contract/index.js';
import { firstPosition, parseVendorPage } from '../src/paging/page-positions.js';
import { paginate } from '../src/paging/paginator.js';
import type { SandboxAgentPlan } from '../src/sandbox/sandbox-agents.js';
import { sandboxConnectionName } from '../src/sandbox/sandbox-world.js';
import { urlOf } from '../src/upstream/vendor-call-pipeline.js';

export interface Vendors {
  config: GatewayConfig;
  bindings: Record<string, SourceBinding[]>;
  child: ChildProcess;
}

/**
 * A gateway in this process on the vendors, its vendor-page cache and kept details off (every
 * request reads its vendors) and no rate limit, listening on loopback, with a pool to call it.
 */
export async function startColdGateway(vendors: Pick<Vendors, 'config'>, poolConnections = 4): Promise<{ app: FastifyInstance; pool: Pool; config: GatewayConfig; close(): Promise<void> }> {
  const config = structuredClone(vendors.config);
  for (const connection of Object.values(config.connections)) Object.assign(connection, { cacheTtlMs: 0, detailCacheTtlMs: 0 });
  Object.assign(config, { rateLimit: { enabled: false } });
  const app = await buildApp({ config, adapters: adapterModules });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const pool = new Pool(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`, { connections: poolConnections });
  return {
    app,
    pool,
    config,
    close: async () => {
      await pool.close();
      await app.close();
    },
  };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The secrets every bench's gateway and vendors share (loopback only). */
export const BENCH_SECRETS = { jwt: 'bench-jwt-secret-0123456789abcdef', cursor: 'bench-cursor-secret-0123456789abcdef' };

/** A bench's agent: `perVendor` conversations on each of these vendors, in org acme. */
export function benchAgent(id: string, vendors: readonly string[], perVendor: number): SandboxAgentPlan {
  return { id, name: id, org: 'acme', department: 'bench', sources: vendors.map((vendor) => ({ vendor, agentKey: `${id}-${vendor}`, count: perVendor })) };
}

function nextMessage<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: { kind: string }) => {
      if (message.kind !== kind) return;
      child.off('message', listener);
      resolve(message as T);
    };
    child.on('message', listener);
  });
}

export async function startVendors(agents: SandboxAgentPlan[], secrets: { jwt: string; cursor: string }): Promise<Vendors> {
  const child = fork(new URL('./export-vendors.ts', import.meta.url).pathname, [JSON.stringify(agents), JSON.stringify(secrets)], {
    execArgv: ['--import', 'tsx'],
  });
  const ready = await nextMessage<{ config: GatewayConfig; bindings: Record<string, SourceBinding[]> }>(child, 'ready');
  return { config: ready.config, bindings: ready.bindings, child };
}

/** Every request to these vendors' simulators waits this long (ms) before it is answered. */
export async function setDelays(vendors: Vendors, delays: Record<string, number>): Promise<void> {
  vendors.child.send({ kind: 'delays', delays });
  await nextMessage(vendors.child, 'delays-set');
}

function vendorOf(world: Vendors, agentId: string, vendor: string) {
  const adapter = adapterModules.find((module) => module.adapter.vendor === vendor)!.adapter as AdapterDefinition;
  const connection = world.config.connections[sandboxConnectionName(vendor)]!;
  const binding = world.bindings[agentId]!.find((candidate) => candidate.connection === sandboxConnectionName(vendor))!;
  return { adapter, connection, binding, credential: String(connection.apiKey) };
}

/** One vendor's own chain of page reads at its largest page size, one after another, straight from its simulator. */
export async function vendorChainMs(world: Vendors, agentId: string, vendor: string): Promise<{ ms: number; pages: number }> {
  const { adapter, connection, binding, credential } = vendorOf(world, agentId, vendor);
  const pageSize = adapter.pagination.kind === 'window' ? 0 : Math.min(100, adapter.pagination.maxPageSize);
  const started = performance.now();
  let pages = 0;
  // The vendor's own chain of page reads, bare (no gateway), paged by the one paginator.
  const walk = paginate({
    pagination: adapter.pagination,
    pageSize,
    start: firstPosition(adapter),
    maxPages: 10_000,
    read: async (position, size) => {
      const context = { binding, credential, pageSize: size, position, bounds: { lagMs: 0 }, wantSummary: false };
      const vendorRequest = adapter.buildRequest(context);
      const response = await request(urlOf(connection.baseUrl, vendorRequest), {
        method: vendorRequest.method,
        headers: vendorRequest.headers,
        ...(vendorRequest.body === undefined ? {} : { body: JSON.stringify(vendorRequest.body) }),
      });
      return parseVendorPage(adapter, await response.body.json(), context);
    },
  });
  for await (const _page of walk) pages += 1;
  return { ms: performance.now() - started, pages };
}

/** One conversation's detail straight from the simulator: every read of the adapter at once, as the gateway sends them. */
export async function vendorDetailMs(world: Vendors, agentId: string, vendor: string, conversationId: string): Promise<number> {
  const { adapter, connection, binding, credential } = vendorOf(world, agentId, vendor);
  if (!isDetailRead(adapter.detail)) throw new Error(`${vendor} has no detail read`);
  const started = performance.now();
  await Promise.all(
    Object.values(adapter.detail.reads).map(async (step) => {
      const vendorRequest = step.buildRequest({ binding, credential, conversationId });
      const response = await request(urlOf(connection.baseUrl, vendorRequest), { method: vendorRequest.method, headers: vendorRequest.headers });
      if (response.statusCode !== 200) throw new Error(`${vendor} detail answered ${response.statusCode}`);
      await response.body.json();
    }),
  );
  return performance.now() - started;
}
