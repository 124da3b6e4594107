import { Agent, request, type Dispatcher } from 'undici';
import type { AttemptOutcome } from './webhook-event.js';

/** How one delivery attempt talks to a receiver. */
export interface DeliveryHttpOptions {
  /** The whole attempt, connect to last byte read (default 10 s). */
  timeoutMs: number;
  /** Bytes of a receiver's answer read at most; the rest is dropped unread (default 1 KiB). */
  maxResponseBytes: number;
}

export const DEFAULT_DELIVERY_HTTP: DeliveryHttpOptions = { timeoutMs: 10_000, maxResponseBytes: 1_024 };

/** A receiver's answer is never kept whole: this many characters of it at most, in the delivery's `lastError`. */
const EXCERPT_CHARACTERS = 100;

/** The one dispatcher of deliveries: no redirect is ever followed (undici's `request` follows none without an interceptor). */
export function deliveryDispatcher(options: DeliveryHttpOptions = DEFAULT_DELIVERY_HTTP): Dispatcher {
  return new Agent({ connect: { timeout: options.timeoutMs }, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, keepAliveTimeout: 4_000 });
}

/**
 * One POST to a receiver. A 2xx is a delivery; anything else (a redirect included), a
 * timeout or a failed connection is a failed attempt, told in a few words. At most
 * `maxResponseBytes` of the answer are read.
 */
export async function sendDelivery(
  dispatcher: Dispatcher,
  url: string,
  headers: Record<string, string>,
  body: string,
  options: DeliveryHttpOptions = DEFAULT_DELIVERY_HTTP,
  now: () => number = Date.now,
): Promise<AttemptOutcome> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await request(url, {
      method: 'POST',
      dispatcher,
      signal,
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'conversation-gateway-webhooks' },
      body,
    });
    const answer = await readAtMost(response.body, options.maxResponseBytes);
    if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true, status: response.statusCode };
    const retryAfterMs = retryAfterOf(response.headers['retry-after'], now());
    const excerpt = answer.replace(/[^\x20-\x7e]+/g, ' ').trim().slice(0, EXCERPT_CHARACTERS);
    return { ok: false, error: `HTTP ${response.statusCode}${excerpt ? `: ${excerpt}` : ''}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  } catch (error) {
    if (signal.aborted) return { ok: false, error: `timed out after ${options.timeoutMs} ms` };
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, error: `unreachable (${code ?? (error as Error).name ?? 'network error'})` };
  }
}

async function readAtMost(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= maxBytes) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

/** `Retry-After` in seconds or as an HTTP date, in ms from now. */
function retryAfterOf(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
