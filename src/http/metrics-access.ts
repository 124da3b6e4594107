import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type onRequestHookHandler } from 'fastify';
import { DEFAULT_METRICS_HOST, type MetricsConfig } from '../config/gateway-config.js';
import { GatewayError } from '../errors.js';
import type { GatewayContext } from '../gateway-context.js';
import { errorEnvelopeSchema } from '../routes/row-schema.js';
import { metricsRoute } from '../routes/metrics-route.js';
import { answerClientError, installErrorHandling } from './error-handling.js';
import { installSecurityHeaders } from './security-headers.js';
import { serverTimeouts } from './server-timeouts.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The separate `/metrics` listener when `metrics.port` is set; null otherwise. */
    metricsListener: FastifyInstance | null;
  }
}

/**
 * `/metrics` names every connection and shows its traffic and breaker state. By default it
 * is open on the gateway's port (the sandbox, and scrapers inside a trusted network);
 * `metrics.token` makes it ask for `Authorization: Bearer <token>`, and `metrics.port`
 * moves it to a listener of its own (loopback unless `metrics.host` says otherwise), so
 * the public port does not serve it at all.
 */
export async function registerMetrics(app: FastifyInstance, context: GatewayContext, settings: MetricsConfig | undefined): Promise<void> {
  app.decorate('metricsListener', null);
  const guarded = async (scope: FastifyInstance) => {
    if (settings?.token !== undefined) scope.addHook('onRequest', bearerTokenCheck(settings.token));
    await scope.register(metricsRoute(context));
  };
  if (settings?.port === undefined) {
    await app.register(guarded);
    return;
  }
  const listener = Fastify({
    logger: false,
    bodyLimit: 1024,
    ...serverTimeouts(context.config.server),
    clientErrorHandler: answerClientError,
  });
  installErrorHandling(listener);
  installSecurityHeaders(listener);
  // The route's documented answers refer to the shared envelope schema.
  listener.addSchema(errorEnvelopeSchema);
  await listener.register(guarded);
  app.metricsListener = listener;
  const { port, host = DEFAULT_METRICS_HOST } = settings;
  // Bound once the app is ready, not when it listens: a port that is taken then fails start-up.
  app.addHook('onReady', async () => {
    await listener.listen({ port, host });
    app.log.info({ url: `http://${host}:${(listener.server.address() as { port: number }).port}/metrics` }, 'metrics listening');
  });
  app.addHook('onClose', async () => {
    await listener.close();
  });
}

/** Compares digests in constant time, so the answer's timing says nothing about the token. */
function bearerTokenCheck(token: string): onRequestHookHandler {
  const expected = digest(token);
  return async (request) => {
    const presented = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      throw new GatewayError('UNAUTHORIZED', '/metrics needs Authorization: Bearer <metrics.token>', { 'www-authenticate': 'Bearer' });
    }
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
