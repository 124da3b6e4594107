/** JSON schema of the configuration file, checked with ajv at start-up. */

const positiveInteger = { type: 'integer', minimum: 1 } as const;
/** Patterns are named, so a problem can say in words what the field must look like. */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
export const HTTP_URL_PATTERN = '^https?://[^\\s]+$';

const name = { type: 'string', pattern: NAME_PATTERN } as const;
const httpUrl = { type: 'string', pattern: HTTP_URL_PATTERN } as const;
const filePath = { type: 'string', minLength: 1 } as const;

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
      additionalProperties: false,
      properties: {
        host: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        requestTimeoutMs: positiveInteger,
        keepAliveTimeoutMs: positiveInteger,
        drainMs: { type: 'integer', minimum: 0, maximum: 600_000 },
      },
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      required: ['mode'],
      properties: {
        mode: { enum: ['jwt', 'none'] },
        secret: { type: 'string', minLength: 1 },
        secretFile: filePath,
        publicKey: { type: 'string', minLength: 1 },
        publicKeyFile: filePath,
        jwksUrl: httpUrl,
        algorithms: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...JWT_ALGORITHMS] } },
        issuer: { type: 'string', minLength: 1 },
        audience: { type: 'string', minLength: 1 },
        jwksCacheTtlMs: positiveInteger,
        jwksTimeoutMs: positiveInteger,
        maxTokenAgeSeconds: positiveInteger,
        clockSkewSeconds: { type: 'integer', minimum: 0, maximum: 3600 },
      },
      if: { properties: { mode: { const: 'jwt' } } },
      then: { anyOf: KEY_SOURCES.map((field) => ({ required: [field] })) },
    },
    cursor: {
      type: 'object',
      additionalProperties: false,
      properties: {
        secret: { type: 'string', minLength: 1 },
        secretFile: filePath,
        secrets: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        secretFiles: { type: 'array', minItems: 1, items: filePath },
        ttlSeconds: positiveInteger,
      },
    },
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        max: positiveInteger,
        timeWindowMs: positiveInteger,
      },
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      properties: {
        token: { type: 'string', minLength: 16 },
        tokenFile: filePath,
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        host: { type: 'string', minLength: 1 },
      },
    },
    monitor: {
      type: 'object',
      additionalProperties: false,
      properties: { thresholdMinutes: positiveInteger },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requestDeadlineMs: positiveInteger,
        maxResponseBytes: positiveInteger,
        maxPagesPerRequest: positiveInteger,
        maxVendorCallsPerRequest: positiveInteger,
        connectTimeoutMs: positiveInteger,
      },
    },
    store: {
      type: 'object',
      additionalProperties: false,
      required: ['redis'],
      properties: {
        redis: {
          type: 'object',
          additionalProperties: false,
          required: ['url'],
          properties: {
            url: { type: 'string', pattern: '^rediss?://[^\\s]+$' },
            keyPrefix: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
            commandTimeoutMs: positiveInteger,
          },
        },
      },
    },
    telemetry: {
      type: 'object',
      additionalProperties: false,
      properties: {
        serviceName: { type: 'string', minLength: 1 },
        otlp: {
          type: 'object',
          additionalProperties: false,
          required: ['url'],
          properties: { url: httpUrl },
        },
      },
    },
    connections: {
      type: 'object',
      minProperties: 1,
      propertyNames: name,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['adapter', 'baseUrl'],
        properties: {
          adapter: { type: 'string', minLength: 1 },
          baseUrl: httpUrl,
          apiKey: { type: 'string', minLength: 1 },
          apiKeyFile: filePath,
          token: { type: 'string', minLength: 1 },
          tokenFile: filePath,
          timeoutMs: positiveInteger,
          maxConcurrency: positiveInteger,
          retries: { type: 'integer', minimum: 0, maximum: 10 },
          cacheTtlMs: { type: 'integer', minimum: 0 },
          maxLagSeconds: { type: 'integer', minimum: 0 },
          breakerThreshold: positiveInteger,
          breakerCooldownMs: positiveInteger,
          sharedAcrossOrgs: { type: 'boolean' },
          requestsPerSecond: positiveInteger,
        },
        anyOf: [{ required: ['apiKey'] }, { required: ['token'] }, { required: ['apiKeyFile'] }, { required: ['tokenFile'] }],
      },
    },
    agents: {
      type: 'object',
      minProperties: 1,
      propertyNames: name,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'org', 'sources'],
        properties: {
          name: { type: 'string', minLength: 1 },
          org: { type: 'string', minLength: 1 },
          department: { type: 'string', minLength: 1 },
          sources: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['connection'],
              properties: { connection: { type: 'string', minLength: 1 } },
            },
          },
        },
      },
    },
  },
} as const;
