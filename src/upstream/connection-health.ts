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

/**
 * Real vendor calls only: cache hits and calls the breaker refused leave it untouched.
 * A connection may serve agents of several orgs, and a vendor's error text can name
 * another org's agent: so the calls are also kept per org (the org of the agent they were
 * made for), and an org is shown only what its own agents' calls saw.
 */
export class ConnectionHealth {
  private readonly overall = emptyView();
  private readonly byOrg = new Map<string, ConnectionHealthView>();

  /** `org`: the org of the agent the call was made for; unknown for tools outside a request. */
  recordSuccess(latencyMs: number, at: number, org?: string): void {
    for (const view of this.viewsOf(org)) {
      view.requests += 1;
      view.consecutiveFailures = 0;
      view.lastLatencyMs = latencyMs;
      view.averageLatencyMs = view.averageLatencyMs === null ? latencyMs : Math.round(view.averageLatencyMs * 0.8 + latencyMs * 0.2);
      view.lastSuccessAt = new Date(at).toISOString();
    }
  }

  recordFailure(code: string, message: string, at: number, org?: string): void {
    for (const view of this.viewsOf(org)) {
      view.requests += 1;
      view.failures += 1;
      view.consecutiveFailures += 1;
      view.lastError = { code, message, at: new Date(at).toISOString() };
    }
  }

  /** Every call when `org` is undefined (SUPERADMIN); otherwise only the calls made for that org's agents. */
  snapshot(org?: string): ConnectionHealthView {
    if (org === undefined) return structuredClone(this.overall);
    return structuredClone(this.byOrg.get(org) ?? emptyView());
  }

  private viewsOf(org: string | undefined): ConnectionHealthView[] {
    if (org === undefined) return [this.overall];
    let view = this.byOrg.get(org);
    if (!view) {
      view = emptyView();
      this.byOrg.set(org, view);
    }
    return [this.overall, view];
  }
}

function emptyView(): ConnectionHealthView {
  return {
    requests: 0,
    failures: 0,
    consecutiveFailures: 0,
    lastLatencyMs: null,
    averageLatencyMs: null,
    lastSuccessAt: null,
    lastError: null,
  };
}
