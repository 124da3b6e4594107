import type { VendorSimulator } from '../contract/index.js';
import type { Fault } from '../simulator-kit/faults.js';

/**
 * What a person can make one simulated vendor do for a while, from the explorer or with
 * curl, to see a partial page, a timeout or a rate limit on the running sandbox.
 */
export const SANDBOX_FAULTS = {
  /** Every read answers 503: the source is `error` (and, after a few, `circuit_open`). */
  fail: { kind: 'status', status: 503, body: { message: 'simulated outage (sandbox fault switch)' } },
  /** No answer within any timeout: the source is `timeout`. */
  hang: { kind: 'delay', ms: 120_000 },
  /** 429 with `Retry-After: 30`: the source is `rate_limited`. */
  'rate-limit': { kind: 'status', status: 429, headers: { 'retry-after': '30' }, body: { message: 'simulated rate limit' } },
  /** 200 with a body that is not JSON: the source is `error`, VENDOR_BAD_RESPONSE. */
  lie: { kind: 'malformed' },
} as const satisfies Record<string, Fault>;

export type SandboxFaultName = keyof typeof SANDBOX_FAULTS;
export const SANDBOX_FAULT_NAMES = Object.keys(SANDBOX_FAULTS) as SandboxFaultName[];
export const MAX_FAULT_SECONDS = 3600;

export interface ActiveFault {
  connection: string;
  fault: SandboxFaultName;
  /** When it stops by itself (ISO 8601). */
  until: string;
}

export class SandboxFaults {
  private readonly active = new Map<string, { fault: SandboxFaultName; until: number }>();

  constructor(
    private readonly simulators: ReadonlyMap<string, VendorSimulator>,
    private readonly now: () => number = Date.now,
  ) {}

  get connections(): string[] {
    return [...this.simulators.keys()];
  }

  /** Replaces what the connection's simulator was told before; undefined for an unknown connection. */
  start(connection: string, fault: SandboxFaultName, seconds: number): ActiveFault | undefined {
    const simulator = this.simulators.get(connection);
    if (!simulator) return undefined;
    simulator.faults.clear();
    simulator.faults.inject(SANDBOX_FAULTS[fault], { times: Number.POSITIVE_INFINITY, forMs: seconds * 1000 });
    this.active.set(connection, { fault, until: this.now() + seconds * 1000 });
    return this.list().find((entry) => entry.connection === connection);
  }

  /** Every simulator answers normally again. */
  clear(): void {
    for (const connection of this.active.keys()) this.simulators.get(connection)?.faults.clear();
    this.active.clear();
  }

  list(): ActiveFault[] {
    const now = this.now();
    for (const [connection, entry] of this.active) if (entry.until <= now) this.active.delete(connection);
    return [...this.active].map(([connection, entry]) => ({ connection, fault: entry.fault, until: new Date(entry.until).toISOString() }));
  }
}
