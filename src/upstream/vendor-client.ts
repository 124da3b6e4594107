import { Agent, type Dispatcher } from 'undici';
import { DEFAULT_CONNECTION } from '../config/gateway-config.js';
import type { AdapterDefinition, VendorRequest } from '../contract/index.js';
import { observeVendorRead } from '../telemetry/observe-vendor-read.js';
import { VendorFailure } from './vendor-failure.js';
import { ConnectionGuards } from './connection-guards.js';
import type { ConnectionReport } from './connection-health.js';
import { retryingSend } from './retrying-send.js';
import { sendOnce } from './send-once.js';
import { failureForTransportError } from './classify-vendor-error.js';
import { VendorMetrics } from './vendor-metrics.js';
import { DEFAULT_PAGE_CACHE, VendorPageCache, type CachedPage } from './vendor-page-cache.js';
import { withinDeadline } from './within-deadline.js';

/** A configured vendor account at run time; unset resilience fields take `DEFAULT_CONNECTION`. */
export interface Connection {
  name: string;
  adapter: AdapterDefinition;
  baseUrl: string;
  credential: string;
  /** Limit for one vendor call (headers and body). */
  timeoutMs: number;
  maxConcurrency: number;
  retries?: number;
  cacheTtlMs?: number;
  breakerThreshold?: number;
  breakerCooldownMs?: number;
}

export interface VendorResponse {
  body: unknown;
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

/** Counts the real vendor calls (retries included) made on a caller's behalf. */
export interface CallTally {
  requests: number;
}

export interface VendorClientOptions {
  /** A dispatcher for every connection (tests hand in a MockAgent); else one pool each. */
  dispatcher?: Dispatcher;
  maxResponseBytes: number;
  connectTimeoutMs: number;
  /** Configured secret values, blanked out of any vendor error text kept for callers. */
  secrets?: readonly string[];
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

  /** Sends one read; throws `VendorFailure` for every way a vendor can fail. */
  send(connection: Connection, vendorRequest: VendorRequest, deadline: number, tally?: CallTally): Promise<VendorResponse> {
    return observeVendorRead(connection, () => this.read(connection, vendorRequest, deadline, tally));
  }

  private async read(connection: Connection, vendorRequest: VendorRequest, deadline: number, tally?: CallTally): Promise<VendorResponse> {
    const started = Date.now();
    const url = urlOf(connection.baseUrl, vendorRequest);
    const page = await this.cache.read(
      connection.name,
      pageCacheKey(connection, url, vendorRequest),
      connection.cacheTtlMs ?? DEFAULT_CONNECTION.cacheTtlMs,
      () => this.fetch(connection, vendorRequest, url, deadline, tally),
      (shared) => withinDeadline(shared, deadline),
    );
    return {
      body: page.body,
      latencyMs: Date.now() - started,
      fetchedAt: page.fetchedAt,
      cached: page.cached,
      stale: page.stale,
      ...(page.staleBecause ? { staleBecause: page.staleBecause } : {}),
    };
  }

  /** Health, breaker and concurrency of one connection, for `GET /v1/connections`. */
  report(connection: Connection): ConnectionReport {
    return this.guardsOf(connection).report();
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
    this.cache.clear();
  }

  private fetch(connection: Connection, vendorRequest: VendorRequest, url: string, deadline: number, tally?: CallTally): Promise<CachedPage> {
    const guards = this.guardsOf(connection);
    const labels = { connection: connection.name };
    const attempt = async (): Promise<CachedPage> => {
      try {
        guards.breaker.throwIfOpen();
        return await guards.bulkhead.run(() => guards.breaker.run(() => this.call(connection, guards, vendorRequest, url, deadline, tally)), deadline);
      } catch (error) {
        this.metrics.errors.inc({ ...labels, code: VendorFailure.from(error).code });
        throw error;
      }
    };
    return retryingSend(attempt, {
      retries: connection.retries ?? DEFAULT_CONNECTION.retries,
      deadline,
      onRetry: () => this.metrics.retries.inc(labels),
    });
  }

  /** One real vendor call: counted, timed and recorded. */
  private async call(
    connection: Connection,
    guards: ConnectionGuards,
    vendorRequest: VendorRequest,
    url: string,
    deadline: number,
    tally?: CallTally,
  ): Promise<CachedPage> {
    if (tally) tally.requests += 1;
    const started = Date.now();
    const labels = { connection: connection.name };
    const target = {
      adapter: connection.adapter,
      url,
      dispatcher: this.dispatcherFor(connection),
      timeoutMs: Math.min(deadline - started, connection.timeoutMs),
      maxResponseBytes: this.options.maxResponseBytes,
      secrets: [connection.credential, ...(this.options.secrets ?? [])],
    };
    try {
      const page = await sendOnce(target, vendorRequest);
      const latencyMs = Date.now() - started;
      this.metrics.requests.inc({ ...labels, outcome: 'success' });
      this.metrics.latency.observe(labels, latencyMs / 1000);
      guards.health.recordSuccess(latencyMs, started);
      return page;
    } catch (error) {
      const failure = failureForTransportError(error, target.timeoutMs);
      this.metrics.requests.inc({ ...labels, outcome: 'failure' });
      this.metrics.latency.observe(labels, (Date.now() - started) / 1000);
      guards.health.recordFailure(failure.code, failure.message, started);
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

