import { Type } from '@sinclair/typebox';
import type { SourceBinding } from '../contract/index.js';
import { connectionsSchema } from './connection-schema.js';
import { limitsSchema } from './limits-schema.js';
import { defaultedSection, filePath, httpUrl, namedEntries, oneOf, positiveInteger, secret, secretFile, withDefault } from './schema-parts.js';
import { webhooksSchema } from './webhooks-schema.js';

/**
 * The configuration file, declared once: ajv checks it at start-up and fills in every
 * `default` (`useDefaults`), the TypeScript types are derived from it (gateway-config.ts),
 * and docs/configuration.md is generated from it (`npm run docs:config`). Every field says
 * what it means (`description`) and what it is when left out (`default`).
 */

export { HTTP_URL_PATTERN, NAME_PATTERN } from './schema-parts.js';
export { REGION_PATTERN } from './connection-schema.js';

/** The JWT algorithms `auth.algorithms` may allow (never `none`). */
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/** With mode jwt exactly one of these says how tokens are verified. */
export const KEY_SOURCES = ['secret', 'secretFile', 'publicKey', 'publicKeyFile', 'jwksUrl'] as const;

/*
 * `Type.Optional(withDefault(…))` (and of a defaulted section): the loaded file always has
 * it, but a configuration built in code (tests) may leave it out, and its one reader falls
 * back to the default derived from here (gateway-config.ts).
 */

export const serverSchema = Type.Object(
  {
    host: withDefault(Type.String({ minLength: 1, description: 'interface to listen on' }), '0.0.0.0'),
    port: withDefault(Type.Integer({ minimum: 0, maximum: 65535, description: 'port to listen on; `0` takes a free one' }), 8080),
    requestTimeoutMs: Type.Optional(withDefault(
      positiveInteger({
        description: 'a client must send its whole request (headers and body) within this, else 408 `REQUEST_TIMEOUT` and the connection is closed (checked every second)',
      }),
      30_000,
    )),
    // Above the 60 s idle timeout of common load balancers, so they close first (Fastify's own default).
    keepAliveTimeoutMs: Type.Optional(withDefault(
      positiveInteger({ description: 'an idle keep-alive connection is closed after this (above the 60 s of common load balancers)' }),
      72_000,
    )),
    drainMs: Type.Optional(withDefault(
      Type.Integer({
        minimum: 0,
        maximum: 600_000,
        description:
          'on `SIGTERM`, `/readyz` answers 503 this long while every request is still served, then the listener closes; behind a load balancer, more than its check interval times its fall count',
      }),
      0,
    )),
  },
  { additionalProperties: false, description: 'Where the gateway listens. `--host` / `HOST` and `--port` / `PORT` override it.' },
);

export const authSchema = Type.Object(
  {
    mode: oneOf(['jwt', 'none'], '`jwt`: bearer tokens; `none`: every caller is a SUPERADMIN, refused unless the gateway listens on loopback only'),
    secret: Type.Optional(secret('HMAC shared secret (HS256 unless `algorithms` says otherwise), 16 characters or more')),
    secretFile: Type.Optional(secretFile('secret')),
    publicKey: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'PEM public key (RSA, EC P-256/384/521 or Ed25519); the algorithm follows from the key type. Not a secret: it may be written in the file',
      }),
    ),
    publicKeyFile: Type.Optional(secretFile('publicKey')),
    jwksUrl: Type.Optional(httpUrl('JWKS endpoint; keys are fetched by `kid` and cached')),
    algorithms: Type.Optional(
      Type.Array(Type.Unsafe<(typeof JWT_ALGORITHMS)[number]>({ enum: [...JWT_ALGORITHMS] }), {
        minItems: 1,
        uniqueItems: true,
        description: "allow-list of JWT algorithms; must fit the key; never `none`. Default: the key type's (`HS256` for a secret)",
      }),
    ),
    issuer: Type.Optional(Type.String({ minLength: 1, description: 'tokens must carry this `iss`' })),
    audience: Type.Optional(Type.String({ minLength: 1, description: 'tokens must carry this `aud`' })),
    jwksCacheTtlMs: Type.Optional(withDefault(
      positiveInteger({
        description:
          'how long a fetched JWKS key is trusted. A token once accepted is taken on trust for at most a minute (and never past its `exp`) before it is verified in full again',
      }),
      10 * 60_000,
    )),
    jwksTimeoutMs: Type.Optional(withDefault(positiveInteger({ description: 'longest wait for the JWKS endpoint; a slower one makes the token a 401' }), 3_000)),
    maxTokenAgeSeconds: Type.Optional(withDefault(positiveInteger({ description: 'longest token lifetime (`exp` − `iat`); a token without `exp` is always refused' }), 86_400)),
    clockSkewSeconds: Type.Optional(withDefault(
      Type.Integer({ minimum: 0, maximum: 3600, description: "how far in the future a token's `iat` may lie, for issuers whose clock runs ahead" }),
      60,
    )),
  },
  {
    additionalProperties: false,
    description:
      'How callers are authenticated. Required. With `mode: jwt` exactly one key source: `secret` (or `secretFile`), `publicKey` (or `publicKeyFile`) or `jwksUrl`.',
    if: { properties: { mode: { const: 'jwt' } } },
    then: { anyOf: KEY_SOURCES.map((field) => ({ required: [field] })) },
  },
);

export const cursorSchema = Type.Object(
  {
    secret: Type.Optional(secret('HMAC-SHA256 key of the cursors, 16 characters or more')),
    secretFile: Type.Optional(secretFile('secret')),
    secrets: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        description: 'keys for rotation: the first signs, every one is accepted; wins over `secret`. Secrets: `${ENV_NAME}` only',
      }),
    ),
    secretFiles: Type.Optional(Type.Array(filePath(), { minItems: 1, description: 'files holding `secrets` instead' })),
    ttlSeconds: withDefault(positiveInteger({ description: 'how long a cursor stays valid' }), 86_400),
  },
  { additionalProperties: false, description: 'How cursors are signed. Required: one of `secret`, `secretFile`, `secrets` or `secretFiles`.' },
);

export const rateLimitSchema = Type.Object(
  {
    enabled: withDefault(Type.Boolean({ description: 'whether callers are limited at all' }), true),
    max: withDefault(positiveInteger({ description: 'requests a caller may make per window; more are 429 `RATE_LIMITED` with `Retry-After`' }), 6000),
    timeWindowMs: withDefault(positiveInteger({ description: 'the window' }), 60_000),
  },
  {
    additionalProperties: false,
    description:
      'Requests per caller (`sub`, or the IP without a valid token) per window; `/healthz`, `/readyz` and `/metrics` are exempt. With a store, one budget for the whole fleet.',
  },
);

export const metricsSchema = Type.Object(
  {
    token: Type.Optional(
      Type.String({ minLength: 16, description: '`/metrics` then needs `Authorization: Bearer <token>`; 16 characters or more; a secret: `${ENV_NAME}` only' }),
    ),
    tokenFile: Type.Optional(secretFile('token')),
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'serve `/metrics` on a listener of its own, and not on the gateway port' })),
    // This machine only, unless the config says otherwise.
    host: Type.Optional(withDefault(Type.String({ minLength: 1, description: 'interface of that listener' }), '127.0.0.1')),
  },
  { additionalProperties: false, description: 'Who may read `/metrics`. Without this block `/metrics` is open on the gateway port.' },
);

export const monitorSchema = Type.Object(
  {
    thresholdMinutes: withDefault(positiveInteger({ description: 'minutes a conversation must wait before it counts as stalled' }), 30),
  },
  { additionalProperties: false, description: 'The stalled-conversation monitor (`GET /v1/monitor/stalled`, docs/monitor.md).' },
);

export const redisStoreSchema = Type.Object(
  {
    url: Type.String({
      pattern: '^rediss?://[^\\s]+$',
      description: 'a `redis://[:password@]host:port[/db]` or `rediss://` URL; its password is kept out of logs like any secret',
    }),
    keyPrefix: withDefault(
      Type.String({
        pattern: '^[A-Za-z0-9._:-]{1,64}$',
        description: "1 to 64 letters, digits, '.', '_', ':' or '-', put before every key so several gateways can share one Redis",
      }),
      'gateway:',
    ),
    commandTimeoutMs: Type.Optional(withDefault(positiveInteger({ description: 'longest wait for one Redis command; then the replica uses its own state' }), 250)),
  },
  { additionalProperties: false, description: 'The Redis every replica shares.' },
);

export const telemetrySchema = Type.Object(
  {
    serviceName: Type.Optional(withDefault(Type.String({ minLength: 1, description: '`service.name` of the exported spans (or `OTEL_SERVICE_NAME`)' }), 'conversation-gateway')),
    otlp: Type.Optional(
      Type.Object(
        { url: httpUrl('OTLP/HTTP traces endpoint, e.g. `http://collector:4318/v1/traces`') },
        { additionalProperties: false, description: 'The collector.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'Traces over OTLP/HTTP. Without an endpoint (here or `OTEL_EXPORTER_OTLP_ENDPOINT`) nothing is traced.' },
);

export const agentSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'display name' }),
    org: Type.String({ minLength: 1, description: 'the organization whose callers may read it' }),
    department: Type.Optional(Type.String({ minLength: 1, description: 'for the `DEPARTMENT_HEAD` role' })),
    sources: Type.Array(
      Type.Unsafe<SourceBinding>({
        type: 'object',
        required: ['connection'],
        properties: { connection: { type: 'string', minLength: 1, description: 'a connection of this file' } },
      }),
      { minItems: 1, description: "`{ connection, …binding fields }`, each connection at most once; the binding's fields are its adapter's (below)" },
    ),
  },
  { additionalProperties: false },
);

export const configSchema = Type.Object(
  {
    server: defaultedSection(serverSchema),
    // Not required by the schema: a missing auth section gets a problem of its own that says what to write.
    auth: Type.Optional(authSchema),
    cursor: defaultedSection(cursorSchema),
    rateLimit: Type.Optional(defaultedSection(rateLimitSchema)),
    metrics: Type.Optional(metricsSchema),
    monitor: Type.Optional(defaultedSection(monitorSchema)),
    limits: defaultedSection(limitsSchema),
    store: Type.Optional(
      Type.Object(
        { redis: redisStoreSchema },
        {
          additionalProperties: false,
          description:
            'Shared state of several replicas (limits, page cache, vendor budgets, health; README, "Running several replicas"). Without it everything stays in the process.',
        },
      ),
    ),
    telemetry: Type.Optional(telemetrySchema),
    webhooks: Type.Optional(webhooksSchema),
    connections: connectionsSchema,
    agents: namedEntries(agentSchema, "Logical agents, at least one. The id (1 to 64 letters, digits, '.', '_' or '-') is the `{agentId}` of the API."),
  },
  { additionalProperties: false },
);
