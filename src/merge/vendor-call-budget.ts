/**
 * The vendor calls one gateway request may make across all its sources (retries
 * included; cache hits cost none). Once spent, no walk starts another read: the page ends
 * with what was proven so far and a cursor that has moved past every page read, so a
 * filter that matches nothing, or a vendor that never ends, costs each request at most
 * this many calls and the walk still advances.
 */
export class VendorCallBudget {
  private spent = 0;

  constructor(readonly cap: number) {}

  get exhausted(): boolean {
    return this.spent >= this.cap;
  }

  charge(calls: number): void {
    this.spent += calls;
  }
}
