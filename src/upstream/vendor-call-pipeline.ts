import type { Dispatcher } from 'undici';
import type { VendorRequest } from '../contract/index.js';
import { observeVendorRead } from '../telemetry/observe-vendor-read.js';
import type { FleetGuard } from '../store/fleet-guard.js';
import type { SharedPageTier } from '../store/shared-page-tier.js';
import type { Connection } from './connection.js';
import type { ConnectionGuards } from './connection-guards.js';
import { callCapReached, cutOffOf, type ReadContext } from './read-context.js';
import { retryingSend } from './retrying-send.js';
import { sendOnce } from './send-once.js';
import type { VendorMetrics } from './vendor-metrics.js';
import type { VendorPageCache } from './vendor-page-cache.js';
import { VendorFailure } from './vendor-failure.js';
import { withinDeadline } from './within-deadline.js';

/**
 * How a read turns the vendor's JSON body into what the cache keeps and the caller gets,
 * once per vendor call. `kind` names the result: two readers of one URL never share an
 * entry.
 */
export interface BodyReader<T> {
  kind: string;
  read(body: unknown, bodyBytes: number): { value: T; sizeBytes: number } | Promise<{ value: T; sizeBytes: number }>;
}

/** One vendor call as the layers inside the cache see it: the vendor's body is what comes back. */
export interface VendorCall {
  connection: Connection;
  request: VendorRequest;
  /** The request's full URL (base URL, path and query). */
  url: string;
  context: ReadContext;
}

/** One vendor read as the outer layers see it: the body made into a value by `reader`. */
export interface VendorRead<T> extends VendorCall {
  reader: BodyReader<T>;
}

/** What the calls of one read cost: returned, never tallied along the way. */
interface Cost {
  /** Real vendor calls this read made, retries included: 0 from the cache or an identical call in flight. */
  requests: number;
  /** When the vendor call that produced the body was made, epoch ms. */
  fetchedAt: number;
}

/** A vendor's 2xx JSON body and what getting it cost. */
export interface CallResult extends Cost {
  body: unknown;
  /** Length of the body's text. */
  bytes: number;
}

/** What a read produced and what it cost. */
export interface ReadResult<T> extends Cost {
  value: T;
  sizeBytes: number;
  /** No vendor call of this read produced the value: a cache hit, the fleet's cache, or an identical call in flight. */
  cached: boolean;
  /** Served past its TTL because the vendor failed with `staleBecause`. */
  stale: boolean;
  staleBecause?: VendorFailure;
}

/** A read from here inwards; it throws `VendorFailure` (saying how many calls it made) for every way it can fail. */
export type ReadStep = <T>(read: VendorRead<T>) => Promise<ReadResult<T>>;
export type ReadLayer = (next: ReadStep) => ReadStep;
/** A call from here inwards, down to the vendor's body. */
export type CallStep = (call: VendorCall) => Promise<CallResult>;
export type CallLayer = (next: CallStep) => CallStep;

export interface PipelineParts {
  metrics: VendorMetrics;
  cache: VendorPageCache;
  /** The Redis tier behind the in-process page cache, when replicas share a store. */
  pageTier?: SharedPageTier;
  fleet?: FleetGuard;
  guardsOf(connection: Connection): ConnectionGuards;
  dispatcherFor(connection: Connection): Dispatcher;
  maxResponseBytes: number;
  /** Configured secret values, blanked out of any vendor error text kept for callers. */
  secrets: readonly string[];
  /** Sees every 2xx body a vendor call produced (the runtime spec-drift check); never throws. */
  onVendorBody?: (connection: Connection, request: VendorRequest, body: unknown) => void;
}

/**
 * The one way to a vendor. Every read of every route (a page, an export, the monitor, a
 * tool) passes these layers in this order, outside in; each is a few lines below.
 */
export function vendorCallPipeline(parts: PipelineParts): ReadStep {
  const call = [
    retry(parts), // 408/429/5xx/resets with backoff and jitter, Retry-After, within the deadline
    callBudget(), // every attempt takes one of the request's vendor calls
    breaker(parts), // per connection, its state in process and in the fleet's store
    fleetGuard(parts), // the fleet's 429 pause and per-connection budget
    concurrencyCap(parts), // per connection slots, waited for until the deadline
    recordCall(parts), // real calls: counted, timed, in the connection's health
  ].reduceRight<CallStep>((next, layer) => layer(next), exchange(parts)); // one HTTP exchange, its size capped
  return [
    observe(), // a span per read; one log line when it fails
    stopAtCutOff(), // the deadline, a caller gone or shutdown: no call starts after them
    pageCache(parts), // fresh pages, one call for identical reads, stale-if-error
  ].reduceRight<ReadStep>((next, layer) => layer(next), readBody(call)); // the body made into a value once per vendor call
}

function observe(): ReadLayer {
  return (next) => (call) => observeVendorRead(call.connection, () => next(call));
}

function stopAtCutOff(): ReadLayer {
  return (next) => (call) => {
    const cutOff = cutOffOf(call.context);
    return cutOff ? Promise.reject(cutOff) : next(call);
  };
}

/**
 * The vendor page cache, then the fleet's. A read that joined another request's call in
 * flight and saw it cut off by that request (its caller left) reads again on its own.
 */
function pageCache({ cache, pageTier, metrics }: PipelineParts): ReadLayer {
  return (next) =>
    async function cached<T>(call: VendorRead<T>): Promise<ReadResult<T>> {
      const { connection, context } = call;
      const key = `${call.reader.kind}:${pageCacheKey(connection, call.url, call.request)}`;
      const ttlMs = connection.cacheTtlMs;
      let made = 0;
      const fetch = async () => {
        try {
          const result = await next(call);
          made = result.requests;
          return { value: result.value, sizeBytes: result.sizeBytes, fetchedAt: result.fetchedAt };
        } catch (error) {
          made = VendorFailure.from(error).requests;
          throw error;
        }
      };
      for (let attempt = 0; ; attempt += 1) {
        try {
          const page = await cache.read(
            connection.name,
            key,
            ttlMs,
            pageTier ? () => pageTier.read(key, ttlMs, context.deadline, fetch).then(({ page: shared, fromFleet }) => ({ ...shared, fromFleet })) : fetch,
            (shared) => withinDeadline(shared, context),
          );
          return {
            value: page.value,
            sizeBytes: page.sizeBytes,
            fetchedAt: page.fetchedAt,
            requests: made,
            cached: page.cached || page.fromFleet === true,
            stale: page.stale,
            ...(page.staleBecause ? { staleBecause: page.staleBecause } : {}),
          };
        } catch (error) {
          const failure = VendorFailure.from(error).afterRequests(made);
          const othersCutOff = failure.cutOff && made === 0 && !cutOffOf(context) && failure.code !== 'CALL_CAP_REACHED';
          if (!othersCutOff || attempt >= 2) throw failure;
          metrics.cacheEvent(connection.name, 'rejoined');
        }
      }
    };
}

/** The vendor's body, made into the read's value (a mapped page) once per vendor call: what the cache keeps. */
function readBody(next: CallStep): ReadStep {
  return async function read<T>(call: VendorRead<T>): Promise<ReadResult<T>> {
    const result = await next(call);
    try {
      const { value, sizeBytes } = await call.reader.read(result.body, result.bytes);
      return { value, sizeBytes, fetchedAt: result.fetchedAt, requests: result.requests, cached: false, stale: false };
    } catch (error) {
      throw VendorFailure.from(error).afterRequests(result.requests);
    }
  };
}

function retry({ metrics }: PipelineParts): CallLayer {
  return (next) =>
    async function retried(call: VendorCall): Promise<CallResult> {
      let requests = 0;
      const attempt = async () => {
        try {
          const result = await next(call);
          requests += result.requests;
          return result;
        } catch (error) {
          const failure = VendorFailure.from(error);
          requests += failure.requests;
          metrics.errors.inc({ connection: call.connection.name, code: failure.code });
          throw error;
        }
      };
      try {
        const result = await retryingSend(attempt, {
          retries: call.connection.retries,
          deadline: call.context.deadline,
          signal: call.context.signal,
          onRetry: () => metrics.retries.inc({ connection: call.connection.name }),
        });
        return { ...result, requests };
      } catch (error) {
        // A wait between attempts ends early when the caller leaves: that is the gateway's cut-off.
        const failure = error instanceof VendorFailure ? error : (cutOffOf(call.context) ?? VendorFailure.from(error));
        throw failure.afterRequests(requests);
      }
    };
}

function callBudget(): CallLayer {
  return (next) => (call) => (call.context.budget.take() ? next(call) : Promise.reject(callCapReached(call.context.budget)));
}

function breaker({ guardsOf }: PipelineParts): CallLayer {
  return (next) => (call) => guardsOf(call.connection).breaker.run(() => next(call));
}

function fleetGuard({ fleet }: PipelineParts): CallLayer {
  return (next) => (call) => (fleet ? fleet.run(call.connection, call.context.deadline, () => next(call), call.context.signal) : next(call));
}

function concurrencyCap({ guardsOf }: PipelineParts): CallLayer {
  return (next) => (call) => guardsOf(call.connection).bulkhead.run(() => next(call), call.context.deadline, call.context.signal);
}

/** Every real vendor call: metrics, and the connection's health (never the gateway's own cut-offs). */
function recordCall({ metrics, guardsOf }: PipelineParts): CallLayer {
  return (next) =>
    async function recorded(call: VendorCall): Promise<CallResult> {
      const started = Date.now();
      const labels = { connection: call.connection.name };
      const { health } = guardsOf(call.connection);
      try {
        const result = await next(call);
        const latencyMs = Date.now() - started;
        metrics.requests.inc({ ...labels, outcome: 'success' });
        metrics.latency.observe(labels, latencyMs / 1000);
        health.recordSuccess(latencyMs, started, call.context.org);
        return result;
      } catch (error) {
        const failure = VendorFailure.from(error);
        metrics.requests.inc({ ...labels, outcome: failure.cutOff ? 'cut_off' : 'failure' });
        metrics.latency.observe(labels, (Date.now() - started) / 1000);
        if (!failure.cutOff) health.recordFailure(failure.code, failure.message, started, call.context.org);
        throw failure;
      }
    };
}

/**
 * One HTTP exchange. Its timeout is the connection's own: the gateway's deadline (or a
 * caller gone) stops it through the context's signal, and that is the gateway's cut-off,
 * never the vendor's timeout.
 */
function exchange({ dispatcherFor, maxResponseBytes, secrets, onVendorBody }: PipelineParts): CallStep {
  return async function exchanged(call: VendorCall): Promise<CallResult> {
    const { connection, context } = call;
    try {
      const page = await sendOnce(
        {
          adapter: connection.adapter,
          url: call.url,
          dispatcher: dispatcherFor(connection),
          timeoutMs: connection.timeoutMs,
          signal: context.signal,
          maxResponseBytes,
          secrets: [connection.credential, ...secrets],
        },
        call.request,
      );
      onVendorBody?.(connection, call.request, page.body);
      return { ...page, requests: 1 };
    } catch (error) {
      const cutOff = context.signal.aborted ? cutOffOf(context) : undefined;
      throw (cutOff ?? VendorFailure.from(error)).afterRequests(1);
    }
  };
}

export function urlOf(baseUrl: string, vendorRequest: VendorRequest): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + vendorRequest.path);
  for (const [name, value] of Object.entries(vendorRequest.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

/**
 * Connection, method, URL and body: never the headers, where credentials travel. A
 * credential an adapter put in the URL or body is blanked out of the key as well.
 */
export function pageCacheKey(connection: Connection, url: string, vendorRequest: VendorRequest): string {
  const key = JSON.stringify([connection.name, vendorRequest.method, url, vendorRequest.body ?? null]);
  return connection.credential.length >= 4 ? key.split(connection.credential).join('[credential]') : key;
}
