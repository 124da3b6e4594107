import type { FastifyInstance, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import type { AuthConfig } from '../config/gateway-config.js';
import { callerAuthenticator } from './authenticate.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Why the bearer token was refused; thrown once the rate limit had its say. */
    authFailure: Error | null;
  }
}

/**
 * Who is calling, before any route of the scope runs: the token is verified first, so the
 * rate limit can count per caller (or per IP for a bad token); then a bad token is a 401.
 * Without a rate limit the refusal comes at once. A token verified lately goes on without
 * waiting for a promise.
 */
export function installCallerHooks(scope: FastifyInstance, auth: AuthConfig, rateLimit: onRequestHookHandler | undefined): void {
  const authenticate = callerAuthenticator(auth);
  const failWhenRefused = rateLimit === undefined;
  const refuse = (request: FastifyRequest, error: Error, done: HookHandlerDoneFunction) => {
    request.authFailure = error;
    done(failWhenRefused ? error : undefined);
  };
  scope.addHook('onRequest', (request, _reply, done) => {
    const caller = authenticate(request);
    if (caller instanceof Promise) {
      caller.then(
        (known) => {
          request.caller = known;
          done();
        },
        (error: Error) => refuse(request, error, done),
      );
      return;
    }
    request.caller = caller;
    done();
  });
  if (!rateLimit) return;
  scope.addHook('onRequest', rateLimit);
  scope.addHook('onRequest', (request, _reply, done) => done(request.authFailure ?? undefined));
}
