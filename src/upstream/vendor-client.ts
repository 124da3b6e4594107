import { Agent, type Dispatcher } from 'undici';
import type { VendorRequest } from '../contract/index.js';
import type { Connection } from './connection.js';
import { observeVendorRead } from '../telemetry/observe-vendor-read.js';
import { VendorFailure } from './vendor-failure.js';
import { ConnectionGuards } from './connection-guards.js';
import type { ConnectionReport } from './connection-health.js';
import { retryingSend } from './retrying-send.js';
import { sendOnce, type VendorBody } from './send-once.js';
import { failureForTransportError } from './classify-vendor-error.js';
import { VendorMetrics } from './vendor-metrics.js';
import { DEFAULT_PAGE_CACHE, VendorPageCache } from './vendor-page-cache.js';
import { scopeUntil, type RequestScope } from '../request-scope.js';
import { withinDeadline } from './within-deadline.js';
import type { FleetGuard } from '../store/fleet-guard.js';
import type { SharedPageTier } from '../store/shared-page-tier.js';

export type { Connection } from './connection.js';

export interface VendorResponse<T = unknown> {
  /** What the body reader made of the vendor's body (the body itself for `send`). */
  value: T;
  /** Real vendor calls this read made, retries included: 0 from the cache or an identical call in flight. */
  requests: number;
  /** How long this read took the caller, waits and retries included (about 0 from the cache). */
  latencyMs: number;
  /** When the vendor call that produced the body was made, epoch ms. */
  fetchedAt: number;
  /** No vendor call of this read produced the body: a cache hit or an identical call in flight. */
  cached: boolean;
  /** Served past its TTL because the vendor failed with `staleBecause`. */
  stale: boolean;
  staleBecause?: VendorFailure;
}

/**
 * How a read turns the vendor's JSON body into what the cache keeps and the caller gets,
 * once per vendor call. `kind` names the result: two readers of one URL never share an
 * entry.
 */
export interface BodyReader<T> {
  kind: string;
  read(body: unknown, bodyBytes: number): { value: T; sizeBytes: number } | Promise<{ value: T; sizeBytes: number }>;
}

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
 * The one HTTP client every adapter's requests go through. A read passes, from
 * the outside in: the page cache (hits, coalescing, stale-if-error), retries with backoff
 * inside the deadline, the circuit breaker, the concurrency cap, then one HTTP exchange.
 */
export class VendorClient {
  readonly metrics: VendorMetrics;
  private readonly pools = new Map<string, Dispatcher>();
  private readonly guards = new Map<string, ConnectionGuards>();
  private readonly cache: VendorPageCache;

  constructor(private readonly options: VendorClientOptions) {
    this.metrics = new VendorMetrics(() => [...this.guards].map(([name, guards]) => [name, guards.breaker.state]));
    this.cache = new VendorPageCache({ ...DEFAULT_PAGE_CACHE, onEvent: (connection, event) => this.metrics.cacheEvent(connection, event) });
  }

  /**
   * One read for a gateway request, its body made into a value by `reader` once per vendor
   * call (the cache keeps the value); throws `VendorFailure` for every way a vendor can
   * fail, saying how many calls the read made. Traced and logged as one vendor read.
   */
  read<T>(connection: Connection, vendorRequest: VendorRequest, scope: RequestScope, reader: BodyReader<T>): Promise<VendorResponse<T>> {
    return observeVendorRead(connection, () => this.readThroughCache(connection, vendorRequest, scope, reader));
  }

  private async readThroughCache<T>(connection: Connection, vendorRequest: VendorRequest, scope: RequestScope, reader: BodyReader<T>): Promise<VendorResponse<T>> {
    const started = Date.now();
    const url = urlOf(connection.baseUrl, vendorRequest);
    let requests = 0;
    const countCall = (): void => {
      requests += 1;
    };
    try {
      const key = `${reader.kind}:${pageCacheKey(connection, url, vendorRequest)}`;
      const ttlMs = connection.cacheTtlMs;
      const fetch = async () => {
        const { body, bytes, fetchedAt } = await this.fetch(connection, vendorRequest, url, scope, countCall);
        return { ...(await reader.read(body, bytes)), fetchedAt };
      };
      const { pageTier } = this.options;
      const page = await this.cache.read(
        connection.name,
        key,
        ttlMs,
        // Behind this replica's cache, the fleet's: a page another replica fetched, or one shared call.
        pageTier ? () => pageTier.read(key, ttlMs, scope.deadline, fetch).then(({ page: shared, fromFleet }) => ({ ...shared, fromFleet })) : fetch,
        (shared) => withinDeadline(shared, scope.deadline),
      );
      return {
        value: page.value,
        requests,
        latencyMs: Date.now() - started,
        fetchedAt: page.fetchedAt,
        cached: page.cached || page.fromFleet === true,
        stale: page.stale,
        ...(page.staleBecause ? { staleBecause: page.staleBecause } : {}),
      };
    } catch (error) {
      throw VendorFailure.from(error).afterRequests(requests);
    }
  }

  /** One read of the raw JSON body, for tools and tests that need no gateway request. */
  async send(connection: Connection, vendorRequest: VendorRequest, deadline: number): Promise<VendorResponse & { body: unknown }> {
    const response = await this.read(connection, vendorRequest, scopeUntil(deadline), RAW_BODY);
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

  private fetch(connection: Connection, vendorRequest: VendorRequest, url: string, scope: RequestScope, countCall: () => void): Promise<VendorBody> {
    const guards = this.guardsOf(connection);
    const labels = { connection: connection.name };
    const attempt = async (): Promise<VendorBody> => {
      try {
        guards.breaker.throwIfOpen();
        const call = () => guards.breaker.run(() => this.call(connection, guards, vendorRequest, url, scope, countCall));
        const { fleet } = this.options;
        return await guards.bulkhead.run(fleet ? () => fleet.run(connection, guards.breaker, scope.deadline, call) : call, scope.deadline);
      } catch (error) {
        this.metrics.errors.inc({ ...labels, code: VendorFailure.from(error).code });
        throw error;
      }
    };
    return retryingSend(attempt, {
      retries: connection.retries,
      deadline: scope.deadline,
      onRetry: () => this.metrics.retries.inc(labels),
    });
  }

  /** One real vendor call: counted, timed and recorded. */
  private async call(
    connection: Connection,
    guards: ConnectionGuards,
    vendorRequest: VendorRequest,
    url: string,
    scope: RequestScope,
    countCall: () => void,
  ): Promise<VendorBody> {
    countCall();
    const started = Date.now();
    const labels = { connection: connection.name };
    const target = {
      adapter: connection.adapter,
      url,
      dispatcher: this.dispatcherFor(connection),
      timeoutMs: Math.min(scope.deadline - started, connection.timeoutMs),
      signal: scope.signal,
      maxResponseBytes: this.options.maxResponseBytes,
      secrets: [connection.credential, ...(this.options.secrets ?? [])],
    };
    try {
      const page = await sendOnce(target, vendorRequest);
      this.options.onVendorBody?.(connection, vendorRequest, page.body);
      const latencyMs = Date.now() - started;
      this.metrics.requests.inc({ ...labels, outcome: 'success' });
      this.metrics.latency.observe(labels, latencyMs / 1000);
      guards.health.recordSuccess(latencyMs, started, scope.org);
      return page;
    } catch (error) {
      // The caller hung up (not the deadline): nothing the vendor did, so nothing held against it.
      if (scope.signal.aborted && Date.now() < scope.deadline) throw VendorFailure.cancelledByCaller();
      const failure = failureForTransportError(error, target.timeoutMs);
      this.metrics.requests.inc({ ...labels, outcome: 'failure' });
      this.metrics.latency.observe(labels, (Date.now() - started) / 1000);
      guards.health.recordFailure(failure.code, failure.message, started, scope.org);
      throw failure;
    }
  }

  private guardsOf(connection: Connection): ConnectionGuards {
    let guards = this.guards.get(connection.name);
    if (!guards) {
      guards = new ConnectionGuards(connection);
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

export function urlOf(baseUrl: string, vendorRequest: VendorRequest): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + vendorRequest.path);
  for (const [name, value] of Object.entries(vendorRequest.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

/**
 * Connection, method, URL and body: never the headers, where credentials travel. A
 * credential an adapter put in the URL or body is blanked out of the key as well.
 */
export function pageCacheKey(connection: Connection, url: string, vendorRequest: VendorRequest): string {
  const key = JSON.stringify([connection.name, vendorRequest.method, url, vendorRequest.body ?? null]);
  return connection.credential.length >= 4 ? key.split(connection.credential).join('[credential]') : key;
}

