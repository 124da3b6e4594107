import { request, type Dispatcher } from 'undici';
import type { AdapterDefinition, VendorRequest } from '../contract/index.js';
import { VendorFailure } from './vendor-failure.js';
import { readCappedBody } from './read-capped-body.js';
import { failureForStatus, failureForTransportError } from './classify-vendor-error.js';
import { parseJsonInSlices } from './parse-json-in-slices.js';

export interface ExchangeTarget {
  adapter: AdapterDefinition;
  url: string;
  dispatcher: Dispatcher;
  /** The vendor's own limit for this call (headers and body); the gateway's deadline comes through `signal`. */
  timeoutMs: number;
  maxResponseBytes: number;
  /** Blanked out of the vendor's error text (its own credential first). */
  secrets?: readonly string[];
  /** The gateway request's deadline or cancellation: the exchange stops with it. */
  signal?: AbortSignal;
}

/** A vendor's 2xx JSON body as it arrived. */
export interface VendorBody {
  body: unknown;
  /** Epoch ms of the call. */
  fetchedAt: number;
  /** Length of the body's text. */
  bytes: number;
}

/**
 * One HTTP exchange with a vendor: a 2xx JSON body within the size cap, or a
 * `VendorFailure` (error status, timeout, reset, cut-off, oversized or non-JSON body).
 */
export async function sendOnce(target: ExchangeTarget, vendorRequest: VendorRequest): Promise<VendorBody> {
  const started = Date.now();
  const { timeoutMs } = target;
  let response: Dispatcher.ResponseData;
  try {
    response = await request(target.url, {
      method: vendorRequest.method,
      headers: {
        accept: 'application/json',
        ...(vendorRequest.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...vendorRequest.headers,
      },
      body: vendorRequest.body === undefined ? undefined : JSON.stringify(vendorRequest.body),
      dispatcher: target.dispatcher,
      signal: target.signal ? AbortSignal.any([target.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (error) {
    throw failureForTransportError(error, timeoutMs);
  }
  const text = await readCappedBody(response.body, target.maxResponseBytes, timeoutMs);
  const body = await parseJson(text);
  if (response.statusCode >= 400) {
    throw failureForStatus(target.adapter, response.statusCode, body ?? text, response.headers, started, target.secrets);
  }
  if (body === undefined) throw new VendorFailure('VENDOR_BAD_RESPONSE', 'the vendor answered with a body that is not JSON');
  return { body, fetchedAt: started, bytes: text.length };
}

async function parseJson(text: string): Promise<unknown> {
  try {
    return await parseJsonInSlices(text);
  } catch {
    return undefined;
  }
}
