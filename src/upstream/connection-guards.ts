import { Bulkhead } from './bulkhead.js';
import { CircuitBreaker, type SharedBreakerState } from './circuit-breaker.js';
import { ConnectionHealth, type ConnectionReport } from './connection-health.js';
import type { Connection } from './connection.js';

/** What stands between one connection and its vendor: breaker, concurrency cap, health record. */
export class ConnectionGuards {
  readonly health = new ConnectionHealth();
  readonly breaker: CircuitBreaker;
  readonly bulkhead: Bulkhead;

  /** `shared`: the breaker's state in the fleet's store, when replicas share one. */
  constructor(connection: Connection, shared?: SharedBreakerState, now: () => number = Date.now) {
    this.breaker = new CircuitBreaker({ threshold: connection.breakerThreshold, cooldownMs: connection.breakerCooldownMs }, now, shared);
    this.bulkhead = new Bulkhead(connection.maxConcurrency);
  }

  /** `org`: see only the calls made for that org's agents (see `ConnectionHealth.snapshot`). */
  report(org?: string): ConnectionReport {
    return { ...this.health.snapshot(org), breaker: this.breaker.view(), concurrency: this.bulkhead.view() };
  }
}
