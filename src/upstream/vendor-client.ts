import { Agent, type Dispatcher } from 'undici';
import type { VendorRequest } from '../contract/index.js';
import type { FleetGuard } from '../store/fleet-guard.js';
import type { SharedPageTier } from '../store/shared-page-tier.js';
import type { Connection } from './connection.js';
import { ConnectionGuards } from './connection-guards.js';
import type { ConnectionReport } from './connection-health.js';
import { contextUntil, type ReadContext } from './read-context.js';
import { urlOf, vendorCallPipeline, type BodyReader, type ReadResult, type ReadStep } from './vendor-call-pipeline.js';
import { VendorMetrics } from './vendor-metrics.js';
import { DEFAULT_PAGE_CACHE, VendorPageCache } from './vendor-page-cache.js';

export type { Connection } from './connection.js';
export type { BodyReader, ReadResult } from './vendor-call-pipeline.js';

/** Parsed JSON takes up to about twice its text in memory (`npm run bench:page-memory`). */
export const RAW_BODY: BodyReader<unknown> = { kind: 'raw', read: (body, bodyBytes) => ({ value: body, sizeBytes: bodyBytes * 2 }) };

export interface VendorClientOptions {
  /** A dispatcher for every connection (tests hand in a MockAgent); else one pool each. */
  dispatcher?: Dispatcher;
  maxResponseBytes: number;
  connectTimeoutMs: number;
  /** Configured secret values, blanked out of any vendor error text kept for callers. */
  secrets?: readonly string[];
  /** Sees every 2xx body a vendor call produced (the runtime spec-drift check); never throws. */
  onVendorBody?: (connection: Connection, vendorRequest: VendorRequest, body: unknown) => void;
  /** Budgets and health shared with other replicas (and the per-second budget in-process). */
  fleet?: FleetGuard;
  /** The Redis tier behind the in-process page cache, when replicas share a store. */
  pageTier?: SharedPageTier;
}

/**
 * The one HTTP client every adapter's requests go through: the connections' pools and
 * guards, the page cache, and the pipeline of layers every read passes
 * (`vendor-call-pipeline.ts`).
 */
export class VendorClient {
  readonly metrics: VendorMetrics;
  private readonly pools = new Map<string, Dispatcher>();
  private readonly guards = new Map<string, ConnectionGuards>();
  private readonly cache: VendorPageCache;
  private readonly pipeline: ReadStep;

  constructor(private readonly options: VendorClientOptions) {
    this.metrics = new VendorMetrics(() => [...this.guards].map(([name, guards]) => [name, guards.breaker.state]));
    this.cache = new VendorPageCache({ ...DEFAULT_PAGE_CACHE, onEvent: (connection, event) => this.metrics.cacheEvent(connection, event) });
    this.pipeline = vendorCallPipeline({
      metrics: this.metrics,
      cache: this.cache,
      pageTier: options.pageTier,
      fleet: options.fleet,
      guardsOf: (connection) => this.guardsOf(connection),
      dispatcherFor: (connection) => this.dispatcherFor(connection),
      maxResponseBytes: options.maxResponseBytes,
      secrets: options.secrets ?? [],
      onVendorBody: options.onVendorBody,
    });
  }

  /**
   * One read for a gateway request, its body made into a value by `reader` once per vendor
   * call (the cache keeps the value); throws `VendorFailure` for every way a vendor can
   * fail, saying how many calls the read made.
   */
  read<T>(connection: Connection, request: VendorRequest, context: ReadContext, reader: BodyReader<T>): Promise<ReadResult<T>> {
    return this.pipeline({ connection, request, url: urlOf(connection.baseUrl, request), context, reader });
  }

  /** One read of the raw JSON body, for tools and tests that need no gateway request. */
  async send(connection: Connection, request: VendorRequest, deadline: number): Promise<ReadResult<unknown> & { body: unknown }> {
    const response = await this.read(connection, request, contextUntil(deadline), RAW_BODY);
    return { ...response, body: response.value };
  }

  /** Health, breaker and concurrency of one connection, for `GET /v1/connections`; `org` limits the health to its calls. */
  report(connection: Connection, org?: string): ConnectionReport {
    return this.guardsOf(connection).report(org);
  }

  /** Resolves once no vendor call is in flight (a call a later read could still join). */
  settled(): Promise<void> {
    return this.cache.settled();
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
    this.cache.clear();
  }

  private guardsOf(connection: Connection): ConnectionGuards {
    let guards = this.guards.get(connection.name);
    if (!guards) {
      guards = new ConnectionGuards(connection, this.options.fleet?.sharedBreaker(connection));
      this.guards.set(connection.name, guards);
    }
    return guards;
  }

  private dispatcherFor(connection: Connection): Dispatcher {
    if (this.options.dispatcher) return this.options.dispatcher;
    let pool = this.pools.get(connection.name);
    if (!pool) {
      pool = new Agent({
        connections: connection.maxConcurrency,
        keepAliveTimeout: 10_000,
        connect: { timeout: this.options.connectTimeoutMs },
      });
      this.pools.set(connection.name, pool);
    }
    return pool;
  }
}
