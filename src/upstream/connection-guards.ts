import { DEFAULT_CONNECTION } from '../config/gateway-config.js';
import { Bulkhead } from './bulkhead.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { ConnectionHealth, type ConnectionReport } from './connection-health.js';
import type { Connection } from './vendor-client.js';

/** What stands between one connection and its vendor: breaker, concurrency cap, health record. */
export class ConnectionGuards {
  readonly health = new ConnectionHealth();
  readonly breaker: CircuitBreaker;
  readonly bulkhead: Bulkhead;

  constructor(connection: Connection, now: () => number = Date.now) {
    this.breaker = new CircuitBreaker(
      {
        threshold: connection.breakerThreshold ?? DEFAULT_CONNECTION.breakerThreshold,
        cooldownMs: connection.breakerCooldownMs ?? DEFAULT_CONNECTION.breakerCooldownMs,
      },
      now,
    );
    this.bulkhead = new Bulkhead(connection.maxConcurrency || DEFAULT_CONNECTION.maxConcurrency);
  }

  /** `org`: see only the calls made for that org's agents (see `ConnectionHealth.snapshot`). */
  report(org?: string): ConnectionReport {
    return { ...this.health.snapshot(org), breaker: this.breaker.view(), concurrency: this.bulkhead.view() };
  }
}
