import {
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_CONNECTION,
  DEFAULT_CURSOR_TTL_SECONDS,
  DEFAULT_HOST,
  DEFAULT_JWKS_CACHE_TTL_MS,
  DEFAULT_JWKS_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_LIMITS,
  DEFAULT_MAX_TOKEN_AGE_SECONDS,
  DEFAULT_METRICS_HOST,
  DEFAULT_MONITOR,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SERVICE_NAME,
  DEFAULT_STORE_COMMAND_TIMEOUT_MS,
  DEFAULT_STORE_KEY_PREFIX,
} from './gateway-config.js';
import { filePath, httpUrl, name, positiveInteger, secret, secretFile } from './schema-parts.js';
import { webhooksSchema } from './webhooks-schema.js';

/**
 * JSON schema of the configuration file, checked with ajv at start-up. Every field says
 * what it means (`description`) and what it is when left out (`default`, the constants the
 * gateway applies): docs/configuration.md is generated from it (`npm run docs:config`).
 */

export { HTTP_URL_PATTERN, NAME_PATTERN } from './schema-parts.js';
/** An ISO 3166-1 alpha-2 region, as a connection's `defaultRegion`. */
export const REGION_PATTERN = '^[A-Z]{2}$';


/** The JWT algorithms `auth.algorithms` may allow (never `none`). */
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/** With mode jwt exactly one of these says how tokens are verified. */
export const KEY_SOURCES = ['secret', 'secretFile', 'publicKey', 'publicKeyFile', 'jwksUrl'] as const;

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['connections', 'agents'],
  properties: {
    server: {
      type: 'object',
      description: 'Where the gateway listens. `--host` / `HOST` and `--port` / `PORT` override it.',
      additionalProperties: false,
      properties: {
        host: { type: 'string', minLength: 1, default: DEFAULT_HOST, description: 'interface to listen on' },
        port: { type: 'integer', minimum: 0, maximum: 65535, default: DEFAULT_PORT, description: 'port to listen on; `0` takes a free one' },
        requestTimeoutMs: {
          ...positiveInteger,
          default: DEFAULT_REQUEST_TIMEOUT_MS,
          description: 'a client must send its whole request (headers and body) within this, else 408 `REQUEST_TIMEOUT` and the connection is closed (checked every second)',
        },
        keepAliveTimeoutMs: {
          ...positiveInteger,
          default: DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
          description: 'an idle keep-alive connection is closed after this (above the 60 s of common load balancers)',
        },
        drainMs: {
          type: 'integer',
          minimum: 0,
          maximum: 600_000,
          default: 0,
          description: 'on `SIGTERM`, `/readyz` answers 503 this long while every request is still served, then the listener closes; behind a load balancer, more than its check interval times its fall count',
        },
      },
    },
    auth: {
      type: 'object',
      description:
        'How callers are authenticated. Required. With `mode: jwt` exactly one key source: `secret` (or `secretFile`), `publicKey` (or `publicKeyFile`) or `jwksUrl`.',
      additionalProperties: false,
      required: ['mode'],
      properties: {
        mode: { enum: ['jwt', 'none'], description: '`jwt`: bearer tokens; `none`: every caller is a SUPERADMIN, refused unless the gateway listens on loopback only' },
        secret: secret('HMAC shared secret (HS256 unless `algorithms` says otherwise), 16 characters or more'),
        secretFile: secretFile('secret'),
        publicKey: { type: 'string', minLength: 1, description: 'PEM public key (RSA, EC P-256/384/521 or Ed25519); the algorithm follows from the key type. Not a secret: it may be written in the file' },
        publicKeyFile: secretFile('publicKey'),
        jwksUrl: { ...httpUrl, description: 'JWKS endpoint; keys are fetched by `kid` and cached' },
        algorithms: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { enum: [...JWT_ALGORITHMS] },
          description: "allow-list of JWT algorithms; must fit the key; never `none`. Default: the key type's (`HS256` for a secret)",
        },
        issuer: { type: 'string', minLength: 1, description: 'tokens must carry this `iss`' },
        audience: { type: 'string', minLength: 1, description: 'tokens must carry this `aud`' },
        jwksCacheTtlMs: {
          ...positiveInteger,
          default: DEFAULT_JWKS_CACHE_TTL_MS,
          description: 'how long a fetched JWKS key is trusted. A token once accepted is taken on trust for at most a minute (and never past its `exp`) before it is verified in full again',
        },
        jwksTimeoutMs: { ...positiveInteger, default: DEFAULT_JWKS_TIMEOUT_MS, description: 'longest wait for the JWKS endpoint; a slower one makes the token a 401' },
        maxTokenAgeSeconds: {
          ...positiveInteger,
          default: DEFAULT_MAX_TOKEN_AGE_SECONDS,
          description: 'longest token lifetime (`exp` − `iat`); a token without `exp` is always refused',
        },
        clockSkewSeconds: {
          type: 'integer',
          minimum: 0,
          maximum: 3600,
          default: DEFAULT_CLOCK_SKEW_SECONDS,
          description: "how far in the future a token's `iat` may lie, for issuers whose clock runs ahead",
        },
      },
      if: { properties: { mode: { const: 'jwt' } } },
      then: { anyOf: KEY_SOURCES.map((field) => ({ required: [field] })) },
    },
    cursor: {
      type: 'object',
      description: 'How cursors are signed. Required: one of `secret`, `secretFile`, `secrets` or `secretFiles`.',
      additionalProperties: false,
      properties: {
        secret: secret('HMAC-SHA256 key of the cursors, 16 characters or more'),
        secretFile: secretFile('secret'),
        secrets: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1 },
          description: 'keys for rotation: the first signs, every one is accepted; wins over `secret`. Secrets: `${ENV_NAME}` only',
        },
        secretFiles: { type: 'array', minItems: 1, items: filePath, description: 'files holding `secrets` instead' },
        ttlSeconds: { ...positiveInteger, default: DEFAULT_CURSOR_TTL_SECONDS, description: 'how long a cursor stays valid' },
      },
    },
    rateLimit: {
      type: 'object',
      description: 'Requests per caller (`sub`, or the IP without a valid token) per window; `/healthz`, `/readyz` and `/metrics` are exempt. With a store, one budget for the whole fleet.',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean', default: DEFAULT_RATE_LIMIT.enabled, description: 'whether callers are limited at all' },
        max: { ...positiveInteger, default: DEFAULT_RATE_LIMIT.max, description: 'requests a caller may make per window; more are 429 `RATE_LIMITED` with `Retry-After`' },
        timeWindowMs: { ...positiveInteger, default: DEFAULT_RATE_LIMIT.timeWindowMs, description: 'the window' },
      },
    },
    metrics: {
      type: 'object',
      description: 'Who may read `/metrics`. Without this block `/metrics` is open on the gateway port.',
      additionalProperties: false,
      properties: {
        token: { type: 'string', minLength: 16, description: '`/metrics` then needs `Authorization: Bearer <token>`; 16 characters or more; a secret: `${ENV_NAME}` only' },
        tokenFile: secretFile('token'),
        port: { type: 'integer', minimum: 0, maximum: 65535, description: 'serve `/metrics` on a listener of its own, and not on the gateway port' },
        host: { type: 'string', minLength: 1, default: DEFAULT_METRICS_HOST, description: 'interface of that listener' },
      },
    },
    monitor: {
      type: 'object',
      description: 'The stalled-conversation monitor (`GET /v1/monitor/stalled`, docs/monitor.md).',
      additionalProperties: false,
      properties: {
        thresholdMinutes: { ...positiveInteger, default: DEFAULT_MONITOR.thresholdMinutes, description: 'minutes a conversation must wait before it counts as stalled' },
      },
    },
    limits: {
      type: 'object',
      description: 'What one gateway request may cost.',
      additionalProperties: false,
      properties: {
        requestDeadlineMs: {
          ...positiveInteger,
          default: DEFAULT_LIMITS.requestDeadlineMs,
          description: 'every vendor call, retry and wait of one gateway request fits in it; what arrived by then is returned, marked partial',
        },
        maxResponseBytes: {
          ...positiveInteger,
          default: DEFAULT_LIMITS.maxResponseBytes,
          description: 'largest vendor response body read (a larger one is `VENDOR_BAD_RESPONSE`), and largest answer a page with `include=raw` writes (rows past it wait for the next page)',
        },
        maxPagesPerRequest: {
          ...positiveInteger,
          default: DEFAULT_LIMITS.maxPagesPerRequest,
          description: 'vendor pages one source may read for one gateway page (`PAGE_CAP_REACHED` beyond)',
        },
        maxVendorCallsPerRequest: {
          ...positiveInteger,
          default: DEFAULT_LIMITS.maxVendorCallsPerRequest,
          description:
            'vendor calls (retries included, cache hits free) one gateway page, or one monitor page, may make across all its sources. Each call takes its place before it is made, so the cap is never exceeded. Once spent, no new read starts (pages already read ahead are still taken): the page ends with the rows proven so far, marked partial, the stopped sources say `CALL_CAP_REACHED`, and `nextCursor` goes on past every vendor page read',
        },
        maxVendorCallsPerExport: {
          ...positiveInteger,
          default: DEFAULT_LIMITS.maxVendorCallsPerExport,
          description: 'vendor calls one export may make; past them it ends with a trailer `complete: false`, `cut.reason: calls` and a cursor to resume',
        },
        maxVendorCallsPerCount: {
          ...positiveInteger,
          default: DEFAULT_LIMITS.maxVendorCallsPerCount,
          description:
            'vendor calls (retries included, cache hits free) one count of a filter (`GET /v1/agents/{agentId}/conversations/counts`) may make across all its sources; once spent its counts are partial (`partialBecause: calls`), each stopped source says `CALL_CAP_REACHED`',
        },
        countCacheTtlMs: {
          type: 'integer',
          minimum: 0,
          default: DEFAULT_LIMITS.countCacheTtlMs,
          description: 'how long a complete count of a filter is answered again without reading vendors (per organization, agent and filter; in Redis with a store); a partial count is never kept; `0` keeps none',
        },
        vendorCallsPerRateLimitUnit: {
          ...positiveInteger,
          default: DEFAULT_LIMITS.vendorCallsPerRateLimitUnit,
          description: 'every this many vendor calls of a request (a page, an export, the monitor) cost its caller one more unit of `rateLimit.max`, charged as they are made; an export whose charge is refused ends with `cut.reason: rate-limited`',
        },
        maxConcurrentExportsPerCaller: {
          ...positiveInteger,
          default: DEFAULT_LIMITS.maxConcurrentExportsPerCaller,
          description: 'exports one caller (`org` + `sub`) may have open at once on a replica; one more is a 429',
        },
        maxConcurrentExportsPerOrg: {
          ...positiveInteger,
          default: DEFAULT_LIMITS.maxConcurrentExportsPerOrg,
          description: 'exports one organization may have open at once on a replica; one more is a 429',
        },
        connectTimeoutMs: { ...positiveInteger, default: DEFAULT_LIMITS.connectTimeoutMs, description: 'TCP/TLS connect timeout to a vendor' },
      },
    },
    store: {
      type: 'object',
      description: 'Shared state of several replicas (limits, page cache, vendor budgets, health; README, "Running several replicas"). Without it everything stays in the process.',
      additionalProperties: false,
      required: ['redis'],
      properties: {
        redis: {
          type: 'object',
          description: 'The Redis every replica shares.',
          additionalProperties: false,
          required: ['url'],
          properties: {
            url: { type: 'string', pattern: '^rediss?://[^\\s]+$', description: 'a `redis://[:password@]host:port[/db]` or `rediss://` URL; its password is kept out of logs like any secret' },
            keyPrefix: {
              type: 'string',
              pattern: '^[A-Za-z0-9._:-]{1,64}$',
              default: DEFAULT_STORE_KEY_PREFIX,
              description: "1 to 64 letters, digits, '.', '_', ':' or '-', put before every key so several gateways can share one Redis",
            },
            commandTimeoutMs: {
              ...positiveInteger,
              default: DEFAULT_STORE_COMMAND_TIMEOUT_MS,
              description: 'longest wait for one Redis command; then the replica uses its own state',
            },
          },
        },
      },
    },
    telemetry: {
      type: 'object',
      description: 'Traces over OTLP/HTTP. Without an endpoint (here or `OTEL_EXPORTER_OTLP_ENDPOINT`) nothing is traced.',
      additionalProperties: false,
      properties: {
        serviceName: { type: 'string', minLength: 1, default: DEFAULT_SERVICE_NAME, description: '`service.name` of the exported spans (or `OTEL_SERVICE_NAME`)' },
        otlp: {
          type: 'object',
          description: 'The collector.',
          additionalProperties: false,
          required: ['url'],
          properties: { url: { ...httpUrl, description: 'OTLP/HTTP traces endpoint, e.g. `http://collector:4318/v1/traces`' } },
        },
      },
    },
    webhooks: webhooksSchema,
    connections: {
      type: 'object',
      description: "Vendor accounts, at least one. The name (1 to 64 letters, digits, '.', '_' or '-') becomes the rows' `source`. Each needs one credential: `apiKey`, `apiKeyFile`, `token` or `tokenFile`.",
      minProperties: 1,
      propertyNames: name,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['adapter', 'baseUrl'],
        properties: {
          adapter: { type: 'string', minLength: 1, description: 'a registered adapter (see the binding fields below)' },
          baseUrl: { ...httpUrl, description: "`http(s)://…` root of the vendor API, as the adapter's README says" },
          apiKey: secret('the vendor credential sent as an API key'),
          apiKeyFile: secretFile('apiKey'),
          token: secret('the vendor credential sent as a bearer token'),
          tokenFile: secretFile('token'),
          webhookSecret: secret("the secret the vendor signs its webhooks with (`POST /v1/vendor-events/{connection}`: ElevenLabs' webhook secret, a Retell API key with the webhook badge, Vapi's HMAC credential); without it the connection takes no vendor events"),
          webhookSecretFile: secretFile('webhookSecret'),
          timeoutMs: { ...positiveInteger, default: DEFAULT_CONNECTION.timeoutMs, description: 'limit for one vendor call, headers and body (cut to the request deadline)' },
          maxConcurrency: { ...positiveInteger, default: DEFAULT_CONNECTION.maxConcurrency, description: 'vendor calls in flight at once; more wait for a slot, never past the deadline' },
          retries: {
            type: 'integer',
            minimum: 0,
            maximum: 10,
            default: DEFAULT_CONNECTION.retries,
            description: 'retries of a failed read (408, 429, 502, 503, 504, resets), within the deadline; a timeout is never retried, so a hung vendor costs one `timeoutMs` per page',
          },
          cacheTtlMs: { type: 'integer', minimum: 0, default: DEFAULT_CONNECTION.cacheTtlMs, description: 'how long a vendor page is served from the cache; `0` stores nothing' },
          detailCacheTtlMs: {
            type: 'integer',
            minimum: 0,
            default: DEFAULT_CONNECTION.detailCacheTtlMs,
            description: 'how long the detail (transcript) of a finished conversation is kept, in Redis with a store: it no longer changes; `0` keeps none (a conversation still going is read through the page cache only)',
          },
          maxLagSeconds: {
            type: 'integer',
            minimum: 0,
            description: "bounded-lag order only: how long after its native sort key a row's last activity may lie. Default: the adapter's (7200 for ElevenLabs, Vapi and Retell)",
          },
          defaultRegion: {
            type: 'string',
            pattern: REGION_PATTERN,
            description:
              "region (ISO 3166-1 alpha-2, such as `CA` or `GB`) of the national phone numbers this account sends, so `(416) 555-0100` becomes `+14165550100`; unset: only international numbers (`+…`, `00…`) are normalized",
          },
          breakerThreshold: { ...positiveInteger, default: DEFAULT_CONNECTION.breakerThreshold, description: "failures in a row that open the connection's circuit breaker" },
          breakerCooldownMs: { ...positiveInteger, default: DEFAULT_CONNECTION.breakerCooldownMs, description: 'how long an open breaker refuses calls before one probe may go through' },
          sharedAcrossOrgs: {
            type: 'boolean',
            default: false,
            description: 'the connection serves agents of several orgs on purpose; otherwise start-up logs a warning for it',
          },
          requestsPerSecond: {
            ...positiveInteger,
            description: 'vendor calls started per second on this connection, across every replica sharing a store (in this process without one); a call waits for its turn within the deadline, else the source is `rate_limited`. Unset: no cap',
          },
        },
        anyOf: [{ required: ['apiKey'] }, { required: ['token'] }, { required: ['apiKeyFile'] }, { required: ['tokenFile'] }],
      },
    },
    agents: {
      type: 'object',
      description: 'Logical agents, at least one. The id (1 to 64 letters, digits, \'.\', \'_\' or \'-\') is the `{agentId}` of the API.',
      minProperties: 1,
      propertyNames: name,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'org', 'sources'],
        properties: {
          name: { type: 'string', minLength: 1, description: 'display name' },
          org: { type: 'string', minLength: 1, description: 'the organization whose callers may read it' },
          department: { type: 'string', minLength: 1, description: 'for the `DEPARTMENT_HEAD` role' },
          sources: {
            type: 'array',
            minItems: 1,
            description: "`{ connection, …binding fields }`, each connection at most once; the binding's fields are its adapter's (below)",
            items: {
              type: 'object',
              required: ['connection'],
              properties: { connection: { type: 'string', minLength: 1, description: 'a connection of this file' } },
            },
          },
        },
      },
    },
  },
} as const;
