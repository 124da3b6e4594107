/**
 * The vendor calls one gateway request may make, retries included (cache hits cost none).
 * A call takes its unit before it is made, so concurrent reads never overshoot the cap:
 * once it is spent, no read starts another call, the page ends with what was proven so far
 * and its cursor moves past every page read. A filter that matches nothing, or a vendor
 * that never ends, costs each request at most `cap` calls and the walk still advances.
 */
export class CallBudget {
  private taken = 0;

  /** `onCall` hears of each call as it is taken, with the count so far (the caller's rate limit is charged there). */
  constructor(
    readonly cap: number,
    private readonly onCall?: (calls: number) => void,
  ) {}

  /** Takes one call; false when the budget is spent. */
  take(): boolean {
    if (this.taken >= this.cap) return false;
    this.taken += 1;
    this.onCall?.(this.taken);
    return true;
  }

  get spent(): number {
    return this.taken;
  }

  get exhausted(): boolean {
    return this.taken >= this.cap;
  }
}

/** A budget for reads outside a gateway request (tools, tests): never spent. */
export function unlimitedBudget(): CallBudget {
  return new CallBudget(Number.POSITIVE_INFINITY);
}
