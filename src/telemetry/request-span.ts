import { context, defaultTextMapGetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ensureContextManager, withTracer } from './trace-context.js';

/** W3C `traceparent` / `tracestate`: a caller's trace continues through the gateway. */
const propagator = new W3CTraceContextPropagator();

const spans = new WeakMap<FastifyRequest, Span>();

/**
 * One server span per request, a child of the caller's `traceparent` when it sent one. The
 * rest of the request runs inside the span's context, so vendor calls become its children.
 * (Our routes are all GETs: no body parser runs between this hook and the handler.)
 */
export function installRequestTracing(app: FastifyInstance, tracer: Tracer): void {
  ensureContextManager();
  app.addHook('onRequest', (request, _reply, done) => {
    const parent = propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
    const route = request.routeOptions.url;
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          ...(route ? { 'http.route': route } : {}),
          'gateway.request_id': request.id,
        },
      },
      parent,
    );
    spans.set(request, span);
    context.with(withTracer(trace.setSpan(parent, span), tracer), done);
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  app.addHook('onRequestAbort', async (request) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'the client went away' });
    span.end();
  });
}

