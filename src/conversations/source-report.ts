import type { SourceWalk } from '../merge/source-walk.js';
import type { SourceErrorCode, SourceStatus, VendorFailure } from '../upstream/vendor-failure.js';
import type { SourceUsage } from '../merge/source-usage.js';

/** One entry of `data.sources`. */
export interface SourceReport {
  source: string;
  vendor: string;
  status: SourceStatus;
  /** Real vendor calls made for this page, retries included; cache hits cost none. */
  requests: number;
  latencyMs: number;
  /** Records the adapter could not map. */
  skipped: number;
  /** Some of its data came from the gateway's cache rather than a call of this request. */
  cached: boolean;
  /** Some of its data was served past its TTL because the vendor failed (see `error`). */
  stale: boolean;
  fetchedAt?: string;
  retryAfterSec?: number;
  error?: { code: SourceErrorCode; message: string };
}

/**
 * A source that read nothing on this page is `skipped` (its next rows lie beyond the page);
 * a source that delivered rows but also unmappable records, rows out of its declared
 * order, a repeated page or a stale cached page stays `ok` with an error that says so,
 * and the page is partial.
 */
export function reportSource(walk: SourceWalk, cappedAt?: number): SourceReport {
  const { usage } = walk;
  const { status: _ok, ...base } = reportOfUsage(walk.source, usage, { skipped: walk.skipped });
  const failure = walk.failed;
  if (failure) {
    return {
      ...base,
      status: failure.status,
      ...(failure.retryAfterSec === undefined ? {} : { retryAfterSec: failure.retryAfterSec }),
      error: { code: failure.code, message: failure.message },
    };
  }
  const problems = degradations(walk, usage);
  if (cappedAt !== undefined) {
    problems.push(`stopped short: this page made its ${cappedAt} vendor calls (limits.maxVendorCallsPerRequest); the next page goes on from here`);
  }
  const code = usage.staleBecause?.code ?? (problems.length === 1 && cappedAt !== undefined ? 'CALL_CAP_REACHED' : 'VENDOR_BAD_RESPONSE');
  return {
    ...base,
    status: usage.pages === 0 && usage.requests === 0 ? 'skipped' : 'ok',
    ...(problems.length === 0 ? {} : { error: { code, message: problems.join('; ') } }),
  };
}

/**
 * A source the request's own cut-off (its deadline, its caller, its vendor calls) stopped
 * before its end: the cut-off's code and the status the source error table gives it (the
 * deadline is `timeout` whether it cut a read in flight or one not begun), and what that
 * leaves out after what else went wrong.
 */
export function stoppedShort<Report extends { status: SourceStatus; error?: { code: string; message: string } }>(report: Report, stop: VendorFailure, missing: string): Report {
  const message = [report.error?.message, `stopped short: ${stop.message}; ${missing}`].filter(Boolean).join('; ');
  return { ...report, status: stop.status, error: { code: stop.code, message } };
}

function degradations(walk: SourceWalk, usage: SourceUsage): string[] {
  const problems: string[] = [];
  const stale = usage.staleBecause;
  if (stale) problems.push(`served a cached page past its lifetime because the vendor failed: ${stale.message}`);
  if (walk.skipped > 0) problems.push(`${walk.skipped} record(s) could not be mapped and were skipped`);
  if (walk.outOfOrder > 0) problems.push(`${walk.outOfOrder} record(s) came out of the vendor's declared order`);
  if (walk.repeated) problems.push('the vendor repeated a page; the walk of this source stopped there');

  return problems;
}

/**
 * What a source's reads cost, as its report says it, `ok`: calls, latency, cache use,
 * staleness and the oldest page's time. `cached` may say more than the usage (a detail
 * kept whole costs no read at all).
 */
export function reportOfUsage(
  source: { name: string; adapter: { vendor: string } },
  usage: SourceUsage,
  { skipped = 0, cached = usage.cached }: { skipped?: number; cached?: boolean } = {},
): SourceReport {
  return {
    source: source.name,
    vendor: source.adapter.vendor,
    status: 'ok',
    requests: usage.requests,
    latencyMs: usage.latencyMs,
    skipped,
    cached,
    stale: usage.staleBecause !== undefined,
    ...(usage.fetchedAt === undefined ? {} : { fetchedAt: new Date(usage.fetchedAt).toISOString() }),
  };
}

/** A report as an answer kept whole is served again: no vendor call, no latency, from the cache. */
export function servedFromCache<Report extends SourceReport>(report: Report): Report {
  return { ...report, requests: 0, latencyMs: 0, cached: true };
}
