import '@fastify/swagger';
import fastifyJwt from '@fastify/jwt';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TracerProvider } from '@opentelemetry/api';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Dispatcher } from 'undici';
import { installCallerHooks } from './auth/caller-hooks.js';
import type { Caller } from './auth/caller.js';
import { jwtPluginOptions } from './auth/jwt-plugin-options.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { resolveDirectory } from './config/resolve-directory.js';
import { connectionsSharedByOrgs } from './config/shared-connections.js';
import type { AdapterModule } from './contract/index.js';
import { DEFAULT_DETAIL_ANSWERS, DetailAnswers } from './conversations/detail-answers.js';
import { FinishedDetails } from './conversations/finished-details.js';
import { LinkLookups } from './links/link-lookups.js';
import { CountCache } from './conversations/count-cache.js';
import { DEFAULT_PAGE_RESPONSES, PageResponseCache } from './conversations/page-response-cache.js';
import { CursorCodec } from './cursor/cursor-codec.js';
import type { GatewayContext } from './gateway-context.js';
import { answerClientError, answerFrameworkError, installErrorHandling } from './http/error-handling.js';
import { secureLoggerOptions } from './http/logger-options.js';
import { registerMetrics } from './http/metrics-access.js';
import { callerRateLimit } from './http/rate-limiting.js';
import { closeSpareConnectionsOnClose } from './http/spare-connections.js';
import { ExportSlots } from './export/export-slots.js';
import { configuredSecrets, installResponseScrubbing, secretScrubber } from './http/secret-scrubber.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { serverTimeouts } from './http/server-timeouts.js';
import { openApiDocument } from './http/openapi-document.js';
import { agentsRoute } from './routes/agents-route.js';
import { connectionsRoute } from './routes/connections-route.js';
import { explorerRoute, type ExplorerOptions } from './routes/explorer-route.js';
import { conversationDetailRoute } from './routes/conversation-detail-route.js';
import { contactSearchRoute } from './routes/contact-search-route.js';
import { conversationsRoute } from './routes/conversations-route.js';
import { countsRoute } from './routes/counts-route.js';
import { exportRoute } from './routes/export-route.js';
import { healthRoutes } from './routes/health-routes.js';
import { NO_QUERY } from './routes/route-schemas.js';
import { monitorRoute } from './routes/monitor-route.js';
import { webhooksRoute } from './routes/webhooks-route.js';
import { vendorEventsRoute } from './routes/vendor-events-route.js';
import { sandboxFaultsRoute } from './routes/sandbox-faults-route.js';
import { errorEnvelopeSchema, messageSchema, rowSchema, sourceReportSchema, transcriptReportSchema } from './routes/row-schema.js';
import { registerProcessMetrics } from './telemetry/process-metrics.js';
import { REQUEST_ID_HEADER, requestIdOf } from './telemetry/request-id.js';
import { installRequestLogScope } from './telemetry/request-log-scope.js';
import { installRequestMetrics } from './telemetry/request-metrics.js';
import { ServingMetrics } from './telemetry/serving-metrics.js';
import { installRequestTracing } from './telemetry/request-span.js';
import { createTracing, telemetrySettingsFrom } from './telemetry/tracing-setup.js';
import { SyncTokenCodec } from './sync/sync-token-codec.js';
import { VendorClient } from './upstream/vendor-client.js';
import { RuntimeDrift } from './specs/runtime-drift.js';
import { createFleet, registerStoreGauge } from './store/fleet.js';
import type { SandboxFaults } from './sandbox/sandbox-faults.js';
import type { DeliveryOptions } from './webhooks/webhook-deliveries.js';
import { Webhooks } from './webhooks/webhooks.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
  interface FastifyInstance {
    gateway: GatewayContext;
  }
}

export interface AppOptions {
  config: GatewayConfig;
  adapters: readonly AdapterModule[];
  /** One dispatcher for every vendor call (tests hand in a MockAgent). */
  dispatcher?: Dispatcher;
  logger?: FastifyServerOptions['logger'];
  now?: () => number;
  explorer?: ExplorerOptions;
  /** Spans go here instead of the configured OTLP endpoint (tests: an in-memory exporter). */
  tracerProvider?: TracerProvider;
  /** Where OTEL_* variables are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Only the sandbox hands it in: `/sandbox/faults` switches its simulators' faults. */
  sandboxFaults?: SandboxFaults;
  /** Webhook deliveries and polls made faster or otherwise changed (tests, the benchmark); production's defaults when absent. */
  webhooks?: DeliveryOptions & { pollIntervalMs?: number };
}

/** The gateway as a Fastify app, apart from the process that listens. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const directory = resolveDirectory(config, options.adapters);
  const secrets = configuredSecrets(config);
  const scrub = secretScrubber(secrets);
  const fleet = createFleet(config);
  const draining = new AbortController();
  const client = new VendorClient({
    dispatcher: options.dispatcher,
    maxResponseBytes: config.limits.maxResponseBytes,
    connectTimeoutMs: config.limits.connectTimeoutMs,
    secrets,
    onVendorBody: (connection, request, body) => drift.observe(connection.name, connection.adapter.vendor, request.method, request.path, body),
    fleet: fleet.guard,
    pageTier: fleet.pageTier,
  });
  // Vendor bodies are checked against specs/ as they arrive; drift is counted in /metrics and logged once.
  const drift = new RuntimeDrift({ registry: client.metrics.registry, log: (message, fields) => app.log.warn(fields, message) });
  const finishedDetails = new FinishedDetails(fleet.store);
  const context: GatewayContext = {
    config,
    directory,
    client,
    fleet,
    codec: new CursorCodec(config.cursor.secrets),
    vendorCursors: fleet.vendorCursors,
    syncTokens: new SyncTokenCodec(config.cursor.secrets),
    settings: {
      requestDeadlineMs: config.limits.requestDeadlineMs,
      cursorTtlMs: config.cursor.ttlSeconds * 1000,
      maxPagesPerRequest: config.limits.maxPagesPerRequest,
      maxVendorCallsPerRequest: config.limits.maxVendorCallsPerRequest,
      maxResponseBytes: config.limits.maxResponseBytes,
    },
    now: options.now ?? Date.now,
    pageResponses: new PageResponseCache({ ...DEFAULT_PAGE_RESPONSES, scrub }),
    counts: new CountCache(config.limits.countCacheTtlMs, options.now ?? Date.now, fleet.store),
    serving: new ServingMetrics(client.metrics.registry),
    ready: false,
    draining: draining.signal,
    finishedDetails,
    linkLookups: new LinkLookups(client, finishedDetails),
    detailAnswers: new DetailAnswers({ ...DEFAULT_DETAIL_ANSWERS, scrub }),
    scrub,
    exportSlots: new ExportSlots({ perCaller: config.limits.maxConcurrentExportsPerCaller, perOrg: config.limits.maxConcurrentExportsPerOrg }),
  };

  const app = Fastify({
    logger: secureLoggerOptions(options.logger ?? false, scrub),
    bodyLimit: 16 * 1024,
    ...serverTimeouts(config.server),
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    routerOptions: { maxParamLength: 200 },
    genReqId: requestIdOf,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
  });
  if (config.webhooks) {
    context.webhooks = new Webhooks({
      config: config.webhooks,
      directory,
      deps: context,
      store: fleet.store && config.store ? { shared: fleet.store, redis: config.store.redis } : undefined,
      registry: client.metrics.registry,
      log: { warn: (fields, message) => app.log.warn(fields, message) },
      options: options.webhooks ?? {},
    });
  }
  app.decorate('gateway', context);
  for (const shared of connectionsSharedByOrgs(config)) {
    app.log.warn(shared, 'connection serves agents of several orgs: they share its breaker, concurrency cap and vendor credential');
  }
  registerStoreGauge(context.client.metrics.registry, fleet);
  fleet.store?.onStateChange((state, reason) => {
    if (state === 'down') app.log.warn({ reason }, 'shared store (Redis) unreachable: this replica uses its in-process state until it returns');
    else app.log.info({ reason }, 'shared store (Redis) reachable again: state is shared with the other replicas');
  });
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('authFailure', null);
  installErrorHandling(app);
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  installRequestLogScope(app);
  const tracing = createTracing(
    telemetrySettingsFrom(
      config.telemetry && { otlpUrl: config.telemetry.otlp?.url, serviceName: config.telemetry.serviceName },
      options.env ?? process.env,
    ),
    options.tracerProvider,
  );
  if (tracing.tracer) installRequestTracing(app, tracing.tracer);
  const registry = context.client.metrics.registry;
  installRequestMetrics(app, registry);
  registerProcessMetrics(registry);
  installSecurityHeaders(app);
  installResponseScrubbing(app, scrub);
  for (const schema of [rowSchema, messageSchema, transcriptReportSchema, sourceReportSchema, errorEnvelopeSchema]) app.addSchema(schema);

  if (config.auth.mode === 'jwt') await app.register(fastifyJwt, jwtPluginOptions(config.auth));
  const rateLimit = await callerRateLimit(app, config.rateLimit, fleet.store, () => fleet.guard.replicas);
  if (rateLimit) context.rateLimit = rateLimit;
  await app.register(fastifySwagger, {
    openapi: openApiDocument,
    // Shared schemas keep their $id as their component name (Row, SourceReport, Error), not def-0.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes(context));
  await registerMetrics(app, context, config.metrics);
  await app.register(explorerRoute(options.explorer));
  await app.register(vendorEventsRoute(context));
  await app.register(async (secured) => {
    installCallerHooks(secured, config.auth, rateLimit?.hook);
    await secured.register(agentsRoute(context));
    await secured.register(conversationsRoute(context));
    await secured.register(conversationDetailRoute(context));
    await secured.register(countsRoute(context));
    await secured.register(contactSearchRoute(context));
    await secured.register(exportRoute(context));
    await secured.register(connectionsRoute(context));
    await secured.register(monitorRoute(context));
    await secured.register(webhooksRoute(context));
    if (options.sandboxFaults) await secured.register(sandboxFaultsRoute(options.sandboxFaults));
  });
  app.get('/openapi.json', { schema: { hide: true, querystring: NO_QUERY } }, async () => app.swagger());

  app.addHook('onReady', async () => {
    context.ready = true;
    context.webhooks?.start();
  });
  // A listening gateway reads the vendor documents in the background, so no first page waits for them.
  app.addHook('onListen', async () => {
    void drift.warm([...directory.connections.values()].map((connection) => connection.adapter.vendor));
  });
  closeSpareConnectionsOnClose(app);
  app.addHook('preClose', async () => {
    context.ready = false;
    // Open exports stop reading and end with a trailer that says they were cut.
    draining.abort(new Error('the gateway is shutting down; resume with the cursor'));
  });
  app.addHook('onClose', async () => {
    await context.webhooks?.close();
    await context.client.close();
    fleet.close();
    await tracing.shutdown();
  });
  await app.ready();
  return app;
}
