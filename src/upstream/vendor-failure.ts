import { VendorShapeError } from '../contract/index.js';
import type { SourceStatus } from '../conversations/source-status.js';

export type { SourceStatus };

/** Codes of `sources[].error.code`, with the status each one gives its source. */
export const SOURCE_ERROR_TABLE = {
  VENDOR_TIMEOUT: 'timeout',
  VENDOR_RATE_LIMITED: 'rate_limited',
  CIRCUIT_OPEN: 'circuit_open',
  VENDOR_UNAUTHORIZED: 'error',
  VENDOR_NOT_FOUND: 'error',
  VENDOR_HTTP_ERROR: 'error',
  VENDOR_UNREACHABLE: 'error',
  VENDOR_BAD_RESPONSE: 'error',
  PAGE_CAP_REACHED: 'error',
  INTERNAL_ERROR: 'error',
  // The gateway's own cut-offs: the vendor did nothing wrong, so no breaker or health record
  // counts them, and the source resumes on the next page.
  // The request's vendor calls were spent.
  CALL_CAP_REACHED: 'ok',
  // The request's deadline passed while the vendor was still within its own timeout.
  DEADLINE_REACHED: 'timeout',
  // The caller went away, or the gateway is shutting down.
  CANCELLED: 'ok',
  // The monitor's own: the adapter cannot tell any asked stall category (nothing is read).
  MONITOR_UNSUPPORTED: 'skipped',
  // The monitor's own: the vendor's native report has no snapshot yet.
  MONITOR_SNAPSHOT_MISSING: 'ok',
} as const satisfies Record<string, SourceStatus>;

export type SourceErrorCode = keyof typeof SOURCE_ERROR_TABLE;

/** Codes of the gateway's own cut-offs (see the table): never a vendor's failure. */
const CUT_OFF_CODES: ReadonlySet<SourceErrorCode> = new Set(['CALL_CAP_REACHED', 'DEADLINE_REACHED', 'CANCELLED']);

/** Why a source stopped delivering; reported on the source, never thrown to the caller. */
export class VendorFailure extends Error {
  override name = 'VendorFailure';
  /** Real vendor calls the failed read made (retries included), for the source's `requests`. */
  requests = 0;

  constructor(
    readonly code: SourceErrorCode,
    message: string,
    readonly retryAfterSec?: number,
    /** Whether the client may retry the vendor call (429, 5xx, network). */
    readonly retryable = false,
    /** The vendor's HTTP status, when it answered with an error status. */
    readonly vendorStatus?: number,
  ) {
    super(message);
  }

  get status(): SourceStatus {
    return SOURCE_ERROR_TABLE[this.code];
  }

  /** The gateway stopped the read (deadline, caller gone, shutdown, calls spent): never held against the vendor, never retried. */
  get cutOff(): boolean {
    return CUT_OFF_CODES.has(this.code);
  }

  /** This failure, as the read that made `requests` vendor calls reports it. */
  afterRequests(requests: number): VendorFailure {
    if (requests === this.requests) return this;
    return Object.assign(new VendorFailure(this.code, this.message, this.retryAfterSec, this.retryable, this.vendorStatus), { requests });
  }

  static from(error: unknown): VendorFailure {
    if (error instanceof VendorFailure) return error;
    if (error instanceof VendorShapeError) return new VendorFailure('VENDOR_BAD_RESPONSE', error.message);
    return new VendorFailure('INTERNAL_ERROR', 'the source could not be read');
  }
}
