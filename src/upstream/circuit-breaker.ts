import { VendorFailure } from './vendor-failure.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  /** Consecutive counted failures that open the breaker. */
  threshold: number;
  /** How long it stays open before one probe may go through. */
  cooldownMs: number;
}

export interface BreakerView {
  state: BreakerState;
  /** Counted failures in a row (reset by a success). */
  consecutiveFailures: number;
  openedAt: string | null;
  /** When an open breaker lets the next probe through. */
  probeAt: string | null;
}

/**
 * Failures that say the vendor is unwell: 5xx and 408, timeouts, unreachable, bad bodies.
 * 400/401/403/404 are our request's or our config's fault and 429 is the vendor telling
 * us to slow down, and a call stopped because our own caller went away is nobody's fault:
 * none of them opens the breaker, and none of them closes it either.
 */
export function countsAgainstVendor(failure: VendorFailure): boolean {
  if (failure.byCaller) return false;
  switch (failure.code) {
    case 'VENDOR_TIMEOUT':
    case 'VENDOR_UNREACHABLE':
    case 'VENDOR_BAD_RESPONSE':
      return true;
    case 'VENDOR_HTTP_ERROR':
      return failure.vendorStatus === undefined || failure.vendorStatus >= 500 || failure.vendorStatus === 408;
    default:
      return false;
  }
}

/**
 * One connection's breaker: `threshold` counted failures in a row open it; after
 * `cooldownMs` one probe goes through (half-open) while every other call is refused; the
 * probe's success closes it, its failure opens it again for another cool-down.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.probing || this.now() - this.openedAt >= this.settings.cooldownMs ? 'half-open' : 'open';
  }

  /** Refuses at once while open, without claiming the probe (for a cheap check before queueing). */
  throwIfOpen(): void {
    if (this.state === 'open') throw this.refusal();
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    this.admit();
    try {
      const result = await call();
      this.succeeded();
      return result;
    } catch (error) {
      this.failed(VendorFailure.from(error));
      throw error;
    }
  }

  view(): BreakerView {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      openedAt: this.openedAt === undefined ? null : new Date(this.openedAt).toISOString(),
      probeAt: state === 'open' ? new Date(this.openedAt! + this.settings.cooldownMs).toISOString() : null,
    };
  }

  private admit(): void {
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'open' || this.probing) throw this.refusal();
    this.probing = true;
  }

  private succeeded(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.probing = false;
  }

  private failed(failure: VendorFailure): void {
    const wasProbe = this.probing;
    this.probing = false;
    if (!countsAgainstVendor(failure)) return;
    this.failures += 1;
    if (wasProbe || this.failures >= this.settings.threshold) this.openedAt = this.now();
  }

  private refusal(): VendorFailure {
    const probeInMs = this.openedAt === undefined ? 0 : this.openedAt + this.settings.cooldownMs - this.now();
    return new VendorFailure(
      'CIRCUIT_OPEN',
      `the connection's circuit breaker is open after ${this.failures} failures in a row; the next probe is due in ${Math.max(0, Math.ceil(probeInMs / 1000))} s`,
      Math.max(1, Math.ceil(probeInMs / 1000)),
    );
  }
}
