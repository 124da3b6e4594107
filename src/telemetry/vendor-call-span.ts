import { subscribe } from 'node:diagnostics_channel';
import { context, createContextKey, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { VendorFailure } from '../upstream/vendor-failure.js';
import { activeTracer } from './trace-context.js';

/** What a span needs to know of the connection read. */
export interface TracedConnection {
  name: string;
  adapter: { vendor: string };
}

/** The outcome fields of a vendor read the span records. */
export interface TracedResponse {
  cached: boolean;
  stale: boolean;
}

/** The span of the vendor read in progress, and what its HTTP exchanges said. */
interface VendorReadTrace {
  span: Span;
  attempts: number;
}

const READ_KEY = createContextKey('conversation-gateway vendor read');

/**
 * One child span per vendor read, around everything the client does for it: the page
 * cache, retries, breaker and the HTTP exchanges. Attributes: connection, vendor, cache
 * hit, the number of HTTP attempts and the last HTTP status. Outside a traced request
 * (tracing off) it only calls `read`.
 */
export async function traceVendorCall<T extends TracedResponse>(connection: TracedConnection, read: () => Promise<T>): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return read();
  watchHttpExchanges();
  const parent = context.active();
  const span = tracer.startSpan(
    `vendor ${connection.adapter.vendor}`,
    { kind: SpanKind.CLIENT, attributes: { 'gateway.connection': connection.name, 'gateway.vendor': connection.adapter.vendor } },
    parent,
  );
  const record: VendorReadTrace = { span, attempts: 0 };
  try {
    const response = await context.with(trace.setSpan(parent, span).setValue(READ_KEY, record), read);
    span.setAttributes({ 'gateway.cache.hit': response.cached, 'gateway.cache.stale': response.stale });
    return response;
  } catch (error) {
    const failure = VendorFailure.from(error);
    span.setAttribute('gateway.vendor.error_code', failure.code);
    // The failure's message is already scrubbed of credentials and configured secrets.
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
    throw error;
  } finally {
    span.setAttribute('gateway.vendor.attempts', record.attempts);
    span.end();
  }
}

let watching = false;
const exchanges = new WeakMap<object, VendorReadTrace>();

/**
 * undici announces each HTTP exchange on diagnostics channels: `create` runs in the
 * caller's async context (so it finds the read it belongs to), `headers` carries the
 * status. Subscribed on the first traced read only, so an untraced gateway pays nothing.
 */
function watchHttpExchanges(): void {
  if (watching) return;
  watching = true;
  subscribe('undici:request:create', (message) => {
    const read = context.active().getValue(READ_KEY) as VendorReadTrace | undefined;
    if (!read) return;
    read.attempts += 1;
    exchanges.set((message as { request: object }).request, read);
  });
  subscribe('undici:request:headers', (message) => {
    const { request, response } = message as { request: object; response: { statusCode: number } };
    exchanges.get(request)?.span.setAttribute('http.response.status_code', response.statusCode);
  });
}
