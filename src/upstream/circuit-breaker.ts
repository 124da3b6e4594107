import { VendorFailure } from './vendor-failure.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  /** Consecutive counted failures that open the breaker. */
  threshold: number;
  /** How long it stays open before one probe may go through; a function of how many times in a row it opened. */
  cooldownMs: number | ((opensInARow: number) => number);
  /** Which failures count toward opening it; a vendor's (`countsAgainstVendor`) by default. */
  counts?: (error: unknown) => boolean;
}

export interface BreakerView {
  state: BreakerState;
  /** Counted failures in a row (reset by a success). */
  consecutiveFailures: number;
  openedAt: string | null;
  /** When an open breaker lets the next probe through. */
  probeAt: string | null;
}

/** Why a call may go through: as an ordinary call, or as the half-open probe (of this process, and of the fleet's). */
export interface Admission {
  probe: boolean;
  sharedProbe?: string;
}

/**
 * Where the fleet keeps a breaker's open state (Redis), beside the process' own: a breaker
 * that opens on one replica opens on all, and after the cool-down one replica probes.
 * Every method falls back to "nothing shared" while the store is down.
 */
export interface SharedBreakerState {
  /** Refuses (CIRCUIT_OPEN) while the fleet's breaker is open; a probe token when this call is the fleet's probe. */
  admit(): Promise<string | undefined>;
  /** The fleet's breaker closes after its probe succeeded. */
  closed(probe: string): Promise<void>;
  /** Opens the fleet's breaker (this replica's opened, or the fleet's probe failed). */
  opened(failures: number, probe: string | undefined): Promise<void>;
  /** A probe that said nothing about the vendor (a 4xx, a refusal) lets the next caller probe. */
  released(probe: string): Promise<void>;
}

/**
 * Failures that say the vendor is unwell: 5xx and 408, timeouts, unreachable, bad bodies.
 * 400/401/403/404 are our request's or our config's fault and 429 is the vendor telling
 * us to slow down; the gateway's own cut-offs (its deadline, a caller gone, calls spent)
 * are nobody's fault: none of them opens the breaker, and none of them closes it either.
 */
export function countsAgainstVendor(failure: VendorFailure): boolean {
  if (failure.cutOff) return false;
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
 * The one breaker type: of a vendor connection, and of the shared store itself.
 * `threshold` counted failures in a row open it; after the cool-down one probe goes
 * through (half-open) while every other call is refused; the probe's success closes it,
 * its failure opens it again for another cool-down. Its state lives in this process and,
 * with `shared`, in the fleet's store too.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private opensInARow = 0;
  private probing = false;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
    private readonly shared?: SharedBreakerState,
  ) {}

  /** This process' view. */
  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.probing || this.now() - this.openedAt >= this.cooldownMs() ? 'half-open' : 'open';
  }

  /** A call would be let through now: closed, or half-open with its probe not yet taken. */
  get admitting(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half-open' && !this.probing);
  }

  /** Refuses at once while open, without claiming the probe (for a cheap check). */
  throwIfOpen(): void {
    if (this.state === 'open') throw this.refusal();
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    // Without a shared state the call starts in the same tick (a caller may rely on it: ioredis batches a tick's commands).
    const admitted = this.admit();
    const admission = admitted instanceof Promise ? await admitted : admitted;
    let result: T;
    try {
      result = await call();
    } catch (error) {
      await this.failed(admission, error);
      throw error;
    }
    await this.succeeded(admission);
    return result;
  }

  view(): BreakerView {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      openedAt: this.openedAt === undefined ? null : new Date(this.openedAt).toISOString(),
      probeAt: state === 'open' ? new Date(this.openedAt! + this.cooldownMs()).toISOString() : null,
    };
  }

  private admit(): Admission | Promise<Admission> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.probing)) throw this.refusal();
    const probe = state === 'half-open';
    if (probe) this.probing = true;
    if (!this.shared) return { probe };
    return this.shared.admit().then(
      (sharedProbe) => (sharedProbe === undefined ? { probe } : { probe, sharedProbe }),
      (refusal: unknown) => {
        this.probing = false;
        throw refusal;
      },
    );
  }

  private async succeeded(admission: Admission): Promise<void> {
    this.failures = 0;
    this.openedAt = undefined;
    this.opensInARow = 0;
    this.probing = false;
    if (admission.sharedProbe) await this.shared?.closed(admission.sharedProbe);
  }

  private async failed(admission: Admission, error: unknown): Promise<void> {
    this.probing = false;
    const counts = this.settings.counts ?? ((failure: unknown) => countsAgainstVendor(VendorFailure.from(failure)));
    if (!counts(error)) {
      if (admission.sharedProbe) await this.shared?.released(admission.sharedProbe);
      return;
    }
    this.failures += 1;
    const opensHere = admission.probe || this.failures >= this.settings.threshold;
    if (opensHere) {
      if (admission.probe || this.openedAt === undefined) this.opensInARow += 1;
      this.openedAt = this.now();
    }
    if (opensHere || admission.sharedProbe) await this.shared?.opened(this.failures, admission.sharedProbe);
  }

  private cooldownMs(): number {
    const { cooldownMs } = this.settings;
    return typeof cooldownMs === 'number' ? cooldownMs : cooldownMs(Math.max(1, this.opensInARow));
  }

  private refusal(): VendorFailure {
    const probeInMs = this.openedAt === undefined ? 0 : this.openedAt + this.cooldownMs() - this.now();
    return new VendorFailure(
      'CIRCUIT_OPEN',
      `the connection's circuit breaker is open after ${this.failures} failures in a row; the next probe is due in ${Math.max(0, Math.ceil(probeInMs / 1000))} s`,
      Math.max(1, Math.ceil(probeInMs / 1000)),
    );
  }
}
