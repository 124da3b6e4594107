import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/**
 * The request's logger, reachable from the vendor client without threading it through
 * every layer: a vendor failure is logged with the request id of the request it hurt.
 */
const requestLog = new AsyncLocalStorage<FastifyBaseLogger>();

export function installRequestLogScope(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => requestLog.run(request.log, done));
}

/** The logger of the request in progress; undefined outside a request (tests calling the client directly). */
export function currentRequestLog(): FastifyBaseLogger | undefined {
  return requestLog.getStore();
}
