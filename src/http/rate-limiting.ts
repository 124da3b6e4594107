import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { DEFAULT_RATE_LIMIT, type RateLimitConfig } from '../config/gateway-config.js';
import { GatewayError } from '../errors.js';
import { countsRateLimitStore, RATE_LIMIT_PREFIX } from '../store/counts-rate-limit-store.js';
import { LocalCounts } from '../store/local-counts.js';
import { SharedCounts, type WindowCounts } from '../store/shared-counts.js';
import type { SharedStore } from '../store/shared-store.js';
import type { CallBudget } from '../upstream/call-budget.js';

/** The per-caller rate limit of the `/v1` routes. */
export interface CallerRateLimit {
  /** Runs once the caller is known: one unit per request. */
  hook: onRequestHookHandler;
  /**
   * What a request's vendor calls cost its caller, charged as they are made: one more unit
   * each `callsPerUnit` calls. A charge the limit refuses closes `budget`: the request makes
   * no more vendor calls (an export ends there, with a cursor to resume).
   */
  vendorCallCharge(request: FastifyRequest, callsPerUnit: number): (calls: number, budget: CallBudget) => void;
}

/**
 * Registers @fastify/rate-limit (off for every route by default) over the gateway's own
 * counts (`replicas`: how many replicas share the store) and returns the hook the `/v1`
 * routes run once the caller is known: one budget per caller (`org` + `sub`), or per IP
 * while the token is missing or bad. Health, readiness and metrics never use it.
 */
export async function callerRateLimit(
  app: FastifyInstance,
  settings: RateLimitConfig = DEFAULT_RATE_LIMIT,
  /** With a shared store, the budget holds across every replica. */
  store?: SharedStore,
  replicas?: () => number,
): Promise<CallerRateLimit | undefined> {
  if (!settings.enabled) return undefined;
  const counts: WindowCounts = store ? new SharedCounts(store, replicas ? { replicas } : {}) : new LocalCounts();
  await app.register(fastifyRateLimit, {
    global: false,
    store: countsRateLimitStore(counts),
    max: settings.max,
    timeWindow: settings.timeWindowMs,
    keyGenerator: callerKey,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new GatewayError('RATE_LIMITED', `Too many requests from this caller; retry in ${seconds} s`, { 'retry-after': String(seconds) });
    },
  });
  return {
    hook: app.rateLimit() as unknown as onRequestHookHandler,
    vendorCallCharge: (request, callsPerUnit) => (calls, budget) => {
      if (calls % callsPerUnit !== 0) return;
      void counts.increment(RATE_LIMIT_PREFIX + callerKey(request), settings.timeWindowMs, settings.max).then((count) => {
        if (count.current > settings.max) {
          budget.close(`the caller's rate limit is spent (${settings.max} units per ${settings.timeWindowMs / 1000} s; every ${callsPerUnit} vendor calls cost one); retry in ${Math.max(1, Math.ceil(count.ttl / 1000))} s`);
        }
      });
    },
  };
}

export function callerKey(request: FastifyRequest): string {
  const caller = request.caller as FastifyRequest['caller'] | null;
  return caller ? `caller:${caller.org}:${caller.sub}` : `ip:${request.ip}`;
}
