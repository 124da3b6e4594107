/**
 * The vendor calls one gateway request may make, retries included (cache hits cost none).
 * A call takes its unit before it is made, so concurrent reads never overshoot the cap:
 * once it is spent, no read starts another call, the page ends with what was proven so far
 * and its cursor moves past every page read. A filter that matches nothing, or a vendor
 * that never ends, costs each request at most `cap` calls and the walk still advances.
 */
export class CallBudget {
  private taken = 0;
  private closedBecause: string | undefined;

  /** `onCall` hears of each call as it is taken, with the count so far (the caller's rate limit is charged there). */
  constructor(
    readonly cap: number,
    private readonly onCall?: (calls: number) => void,
  ) {}

  /** Takes one call; false when the budget is spent or closed. */
  take(): boolean {
    if (this.exhausted) return false;
    this.taken += 1;
    this.onCall?.(this.taken);
    return true;
  }

  get spent(): number {
    return this.taken;
  }

  get exhausted(): boolean {
    return this.taken >= this.cap || this.closedBecause !== undefined;
  }

  /** Why no more calls may be taken, when it was closed before its cap (the caller's rate limit is spent). */
  get closedReason(): string | undefined {
    return this.closedBecause;
  }

  /** No more calls, whatever is left of the cap. */
  close(reason: string): void {
    this.closedBecause ??= reason;
  }
}

/** A budget for reads outside a gateway request (tools, tests): never spent. */
export function unlimitedBudget(): CallBudget {
  return new CallBudget(Number.POSITIVE_INFINITY);
}
