import type { BulkheadView } from './bulkhead.js';
import type { BreakerView } from './circuit-breaker.js';

/** What the gateway has seen of one connection's vendor calls lately. */
export interface ConnectionHealthView {
  requests: number;
  failures: number;
  consecutiveFailures: number;
  lastLatencyMs: number | null;
  /** Exponentially weighted mean latency of successful calls. */
  averageLatencyMs: number | null;
  lastSuccessAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
}

/** One entry of `GET /v1/connections`: the calls seen, the breaker, the concurrency cap. */
export interface ConnectionReport extends ConnectionHealthView {
  breaker: BreakerView;
  concurrency: BulkheadView;
}

/** Real vendor calls only: cache hits and calls the breaker refused leave it untouched. */
export class ConnectionHealth {
  private view: ConnectionHealthView = {
    requests: 0,
    failures: 0,
    consecutiveFailures: 0,
    lastLatencyMs: null,
    averageLatencyMs: null,
    lastSuccessAt: null,
    lastError: null,
  };

  recordSuccess(latencyMs: number, at: number): void {
    const view = this.view;
    view.requests += 1;
    view.consecutiveFailures = 0;
    view.lastLatencyMs = latencyMs;
    view.averageLatencyMs = view.averageLatencyMs === null ? latencyMs : Math.round(view.averageLatencyMs * 0.8 + latencyMs * 0.2);
    view.lastSuccessAt = new Date(at).toISOString();
  }

  recordFailure(code: string, message: string, at: number): void {
    const view = this.view;
    view.requests += 1;
    view.failures += 1;
    view.consecutiveFailures += 1;
    view.lastError = { code, message, at: new Date(at).toISOString() };
  }

  snapshot(): ConnectionHealthView {
    return structuredClone(this.view);
  }
}
