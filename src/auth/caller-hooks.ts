import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { AuthConfig } from '../config/gateway-config.js';
import { authenticate } from './authenticate.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Why the bearer token was refused; thrown once the rate limit had its say. */
    authFailure: Error | null;
  }
}

/**
 * Who is calling, before any route of the scope runs: the token is verified first, so the
 * rate limit can count per caller (or per IP for a bad token); then a bad token is a 401.
 */
export function installCallerHooks(scope: FastifyInstance, auth: AuthConfig, rateLimit: onRequestHookHandler | undefined): void {
  scope.addHook('onRequest', async (request) => {
    try {
      request.caller = await authenticate(request, auth);
    } catch (error) {
      request.authFailure = error as Error;
    }
  });
  if (rateLimit) scope.addHook('onRequest', rateLimit);
  scope.addHook('onRequest', async (request) => {
    if (request.authFailure) throw request.authFailure;
  });
}
