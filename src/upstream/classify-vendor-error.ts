import type { IncomingHttpHeaders } from 'undici/types/header.js';
import type { AdapterDefinition } from '../contract/index.js';
import { VendorFailure } from './vendor-failure.js';
import { scrubVendorText } from './scrub-vendor-text.js';

/** Turns a vendor's HTTP error into the source's failure, with the vendor's own words. */
export function failureForStatus(
  adapter: AdapterDefinition,
  status: number,
  body: unknown,
  headers: IncomingHttpHeaders,
  now: number,
  secrets: readonly string[] = [],
): VendorFailure {
  // The core says who answered what, once; the adapter adds only the vendor's own words.
  const described = safeDescribe(adapter, status, body);
  const message = `${adapter.vendor} answered ${status}${described ? `: ${scrubVendorText(described, secrets)}` : ''}`;
  if (status === 429) return new VendorFailure('VENDOR_RATE_LIMITED', message, retryAfterSeconds(headers, now), true, status);
  if (status === 401 || status === 403) return new VendorFailure('VENDOR_UNAUTHORIZED', message, undefined, false, status);
  if (status === 404) return new VendorFailure('VENDOR_NOT_FOUND', message, undefined, false, status);
  const retryable = status === 408 || status === 502 || status === 503 || status === 504;
  return new VendorFailure('VENDOR_HTTP_ERROR', message, retryable ? retryAfterSeconds(headers, now) : undefined, retryable, status);
}

/**
 * Timeouts, resets and refused connections. A timeout is not retried: a vendor that hangs
 * once will likely hang again, and each retry would cost another full `timeoutMs` of the
 * caller's deadline; resets and refusals fail fast, so they are.
 */
export function failureForTransportError(error: unknown, timeoutMs: number): VendorFailure {
  if (error instanceof VendorFailure) return error;
  const code = (error as { code?: string; name?: string } | null)?.code ?? '';
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new VendorFailure('VENDOR_TIMEOUT', `the vendor did not answer within ${timeoutMs} ms`, undefined, false);
  }
  return new VendorFailure('VENDOR_UNREACHABLE', `the vendor could not be reached (${code || name || 'network error'})`, undefined, true);
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(headers: IncomingHttpHeaders, now: number): number | undefined {
  const value = headers['retry-after'];
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - now) / 1000)) : undefined;
}

function safeDescribe(adapter: AdapterDefinition, status: number, body: unknown): string | null {
  try {
    return adapter.describeError(status, body).message || null;
  } catch {
    return typeof body === 'string' && body !== '' ? body : null;
  }
}
