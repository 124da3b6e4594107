import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageOptions } from '../conversations/read-conversations-page.js';
import type { GatewayContext } from '../gateway-context.js';
import { callerGone } from '../http/caller-gone.js';

/** What every page read of a route is bound to: its reads stop when the caller leaves, and each vendor call is charged to the caller's rate limit. */
export function pageOptions(context: GatewayContext, request: FastifyRequest, reply: FastifyReply): PageOptions {
  return {
    cancel: callerGone(reply),
    ...(context.rateLimit ? { onCall: context.rateLimit.vendorCallCharge(request, context.config.limits.vendorCallsPerRateLimitUnit) } : {}),
  };
}
