import { GatewayError } from '../errors.js';

export interface ExportSlotLimits {
  perCaller: number;
  perOrg: number;
}

/** How long a caller refused a slot is asked to wait: an export holds its slot for as long as it streams. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Exports open at once on this replica, per caller and per organization: each one holds
 * the pages it reads ahead and the rows waiting for its client, so their number bounds the
 * memory exports take. One past a limit is a 429.
 */
export class ExportSlots {
  private readonly byCaller = new Map<string, number>();
  private readonly byOrg = new Map<string, number>();

  constructor(private readonly limits: ExportSlotLimits) {}

  /** Exports open on this replica. */
  get open(): number {
    let open = 0;
    for (const count of this.byOrg.values()) open += count;
    return open;
  }

  /** Takes a slot for the caller; returns its release (safe to call more than once). Throws RATE_LIMITED when none is free. */
  take(caller: string, org: string): () => void {
    if ((this.byCaller.get(caller) ?? 0) >= this.limits.perCaller) throw refusal(`this caller already has ${this.limits.perCaller} exports open`);
    if ((this.byOrg.get(org) ?? 0) >= this.limits.perOrg) throw refusal(`this organization already has ${this.limits.perOrg} exports open`);
    add(this.byCaller, caller, 1);
    add(this.byOrg, org, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      add(this.byCaller, caller, -1);
      add(this.byOrg, org, -1);
    };
  }
}

function add(counts: Map<string, number>, key: string, by: number): void {
  const count = (counts.get(key) ?? 0) + by;
  if (count <= 0) counts.delete(key);
  else counts.set(key, count);
}

function refusal(why: string): GatewayError {
  return new GatewayError('RATE_LIMITED', `${why} (limits.maxConcurrentExportsPerCaller / PerOrg); retry once one ends`, { 'retry-after': String(RETRY_AFTER_SECONDS) });
}
