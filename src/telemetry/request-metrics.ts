import type { FastifyInstance, onResponseHookHandler } from 'fastify';
import type { Registry } from 'prom-client';
import { RequestDurationHistogram } from './request-duration-histogram.js';

/**
 * `gateway_http_request_duration_seconds`: every answered request by route template (never
 * the raw URL, whose ids would make a series per agent), method and status. Its `_count`
 * is the request counter.
 */
export function installRequestMetrics(app: FastifyInstance, registry: Registry): void {
  const duration = new RequestDurationHistogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'Inbound requests answered, by route template, method and status code',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Each route observes under its own template, known when it is added: no per-request look-up of it.
  app.addHook('onRoute', (route) => {
    const observe: onResponseHookHandler = (request, reply, done) => {
      duration.observe(route.url, request.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
    route.onResponse = [...[route.onResponse ?? []].flat(), observe];
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) duration.observe('unmatched', request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
