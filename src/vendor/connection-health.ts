/** What the gateway has seen of one connection lately, for `GET /v1/connections`. */
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
