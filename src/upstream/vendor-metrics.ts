import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from './circuit-breaker.js';
import type { CacheEvent } from './vendor-page-cache.js';

const BREAKER_GAUGE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Prometheus metrics of the vendor calls, in a registry of their own: one per app, so
 * several apps in one process (tests) never share or clash, and nothing lands in the
 * global default registry.
 */
export class VendorMetrics {
  readonly registry = new Registry();

  /** Real vendor calls (cache hits and coalesced joiners are not calls). */
  readonly requests = new Counter({
    name: 'gateway_vendor_requests_total',
    help: 'Vendor calls made, by connection and outcome (success or failure)',
    labelNames: ['connection', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly latency = new Histogram({
    name: 'gateway_vendor_request_duration_seconds',
    help: 'Duration of one vendor call, headers and body',
    labelNames: ['connection'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Every failure a vendor read ended with, refused ones (CIRCUIT_OPEN, no slot in time) included. */
  readonly errors = new Counter({
    name: 'gateway_vendor_errors_total',
    help: 'Failed vendor reads, by connection and source error code',
    labelNames: ['connection', 'code'] as const,
    registers: [this.registry],
  });

  readonly retries = new Counter({
    name: 'gateway_vendor_retries_total',
    help: 'Vendor calls retried after a retryable failure',
    labelNames: ['connection'] as const,
    registers: [this.registry],
  });

  readonly cache = new Counter({
    name: 'gateway_vendor_cache_events_total',
    help: 'Vendor page cache lookups: hit, miss, coalesced (joined an identical call in flight), stale (served after a failure)',
    labelNames: ['connection', 'event'] as const,
    registers: [this.registry],
  });

  constructor(breakerStates: () => Iterable<[connection: string, state: BreakerState]>) {
    new Gauge({
      name: 'gateway_vendor_breaker_state',
      help: 'Circuit breaker state per connection: 0 closed, 1 half-open, 2 open',
      labelNames: ['connection'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [connection, state] of breakerStates()) this.set({ connection }, BREAKER_GAUGE_VALUE[state]);
      },
    });
  }

  cacheEvent(connection: string, event: CacheEvent): void {
    this.cache.inc({ connection, event });
  }
}
