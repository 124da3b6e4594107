import '@fastify/swagger';
import fastifyJwt from '@fastify/jwt';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Dispatcher } from 'undici';
import { authenticate } from './auth/authenticate.js';
import type { Caller } from './auth/caller.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { resolveDirectory } from './config/resolve-directory.js';
import type { AdapterModule } from './contract/index.js';
import { CursorCodec } from './cursor/cursor-codec.js';
import type { GatewayContext } from './gateway-context.js';
import { installErrorHandling } from './http/error-handling.js';
import { openApiDocument } from './http/openapi-document.js';
import { agentsRoute } from './routes/agents-route.js';
import { connectionsRoute } from './routes/connections-route.js';
import { conversationsRoute } from './routes/conversations-route.js';
import { healthRoutes } from './routes/health-routes.js';
import { errorEnvelopeSchema, rowSchema, sourceReportSchema } from './routes/row-schema.js';
import { VendorClient } from './vendor/vendor-client.js';

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
}

/** The gateway as a Fastify app, apart from the process that listens (DESIGN §2). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const directory = resolveDirectory(config, options.adapters);
  const context: GatewayContext = {
    config,
    directory,
    client: new VendorClient({
      dispatcher: options.dispatcher,
      maxResponseBytes: config.limits.maxResponseBytes,
      connectTimeoutMs: config.limits.connectTimeoutMs,
    }),
    codec: new CursorCodec(config.cursor.secrets),
    settings: {
      requestDeadlineMs: config.limits.requestDeadlineMs,
      cursorTtlMs: config.cursor.ttlSeconds * 1000,
      maxPagesPerRequest: config.limits.maxPagesPerRequest,
    },
    now: options.now ?? Date.now,
    ready: false,
  };

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 16 * 1024,
    routerOptions: { maxParamLength: 200 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
  });
  app.decorate('gateway', context);
  app.decorateRequest('caller', null as unknown as Caller);
  installErrorHandling(app);
  for (const schema of [rowSchema, sourceReportSchema, errorEnvelopeSchema]) app.addSchema(schema);

  if (config.auth.mode === 'jwt') {
    await app.register(fastifyJwt, {
      secret: config.auth.secret!,
      verify: {
        algorithms: ['HS256'],
        ...(config.auth.issuer ? { allowedIss: config.auth.issuer } : {}),
        ...(config.auth.audience ? { allowedAud: config.auth.audience } : {}),
      },
    });
  }
  await app.register(fastifySwagger, { openapi: openApiDocument });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes(context));
  await app.register(async (secured) => {
    secured.addHook('onRequest', async (request) => {
      request.caller = await authenticate(request, config.auth.mode);
    });
    await secured.register(agentsRoute(context));
    await secured.register(conversationsRoute(context));
    await secured.register(connectionsRoute(context));
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.addHook('onReady', async () => {
    context.ready = true;
  });
  app.addHook('preClose', async () => {
    context.ready = false;
  });
  app.addHook('onClose', async () => {
    await context.client.close();
  });
  await app.ready();
  return app;
}
