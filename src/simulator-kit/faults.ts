/** Faults a simulator can be told to inject, for fault tests, the soak benchmark and the sandbox. */

export type Fault =
  /** Answers with this status (and body/headers) instead of the real response. */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Waits, then answers normally. */
  | { kind: 'delay'; ms: number }
  /** Destroys the socket without answering. */
  | { kind: 'reset' }
  /** Sends the head and half of the body, then closes the socket. */
  | { kind: 'truncate' }
  /** Answers 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** Answers 200 with a JSON body of at least this many bytes. */
  | { kind: 'oversize'; bytes: number }
  /** Rewrites the real response body (records without ids, wrong order, ...). */
  | { kind: 'transform'; transform: (body: unknown) => unknown }
  /** Answers 200 with this JSON text as it is (what no serializer would write: nesting thousands deep, ...). */
  | { kind: 'text'; text: (body: unknown) => string };

export interface FaultRule {
  fault: Fault;
  /** How many requests it still applies to. */
  remaining: number;
  /** Only requests whose path contains this text. */
  pathIncludes?: string;
  /** Applies to a request with this probability (drawn from `random`). */
  probability?: number;
  /** Applies until this instant (epoch ms), however many uses are left. */
  until?: number;
}

export interface InjectOptions {
  times?: number;
  pathIncludes?: string;
  probability?: number;
  /** For this long from now, then it stops by itself (the sandbox's fault switch). */
  forMs?: number;
}

export class FaultInjector {
  private rules: FaultRule[] = [];

  constructor(
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  inject(fault: Fault, options: InjectOptions = {}): void {
    this.rules.push({
      fault,
      remaining: options.times ?? 1,
      pathIncludes: options.pathIncludes,
      probability: options.probability,
      until: options.forMs === undefined ? undefined : this.now() + options.forMs,
    });
  }

  clear(): void {
    this.rules = [];
  }

  get pending(): number {
    this.dropExpired();
    return this.rules.length;
  }

  /** The fault for this request, if any; spends one use of it. */
  take(path: string): Fault | undefined {
    this.dropExpired();
    for (const rule of this.rules) {
      if (rule.pathIncludes !== undefined && !path.includes(rule.pathIncludes)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.rules = this.rules.filter((other) => other !== rule);
      return rule.fault;
    }
    return undefined;
  }

  private dropExpired(): void {
    const now = this.now();
    if (this.rules.some((rule) => rule.until !== undefined && rule.until <= now)) {
      this.rules = this.rules.filter((rule) => rule.until === undefined || rule.until > now);
    }
  }
}
