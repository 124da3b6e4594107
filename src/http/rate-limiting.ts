import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { DEFAULT_RATE_LIMIT, type RateLimitConfig } from '../config/gateway-config.js';
import { GatewayError } from '../errors.js';
import { fleetRateLimitStore } from '../store/fleet-rate-limit-store.js';
import type { SharedStore } from '../store/shared-store.js';

/**
 * Registers @fastify/rate-limit (off for every route by default) and returns the hook the
 * `/v1` routes run once the caller is known: one budget per caller (`org` + `sub`), or
 * per IP while the token is missing or bad. Health, readiness and metrics never use it.
 */
export async function rateLimitHook(
  app: FastifyInstance,
  settings: RateLimitConfig = DEFAULT_RATE_LIMIT,
  /** With a shared store, the budget holds across every replica. */
  store?: SharedStore,
): Promise<onRequestHookHandler | undefined> {
  if (!settings.enabled) return undefined;
  await app.register(fastifyRateLimit, {
    global: false,
    ...(store ? { store: fleetRateLimitStore(store) } : {}),
    max: settings.max,
    timeWindow: settings.timeWindowMs,
    keyGenerator: callerKey,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new GatewayError('RATE_LIMITED', `Too many requests from this caller; retry in ${seconds} s`, { 'retry-after': String(seconds) });
    },
  });
  return app.rateLimit() as unknown as onRequestHookHandler;
}

export function callerKey(request: FastifyRequest): string {
  const caller = request.caller as FastifyRequest['caller'] | null;
  return caller ? `caller:${caller.org}:${caller.sub}` : `ip:${request.ip}`;
}
