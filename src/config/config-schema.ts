/** JSON schema of the configuration file, checked with ajv at start-up. */

const positiveInteger = { type: 'integer', minimum: 1 } as const;
const name = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } as const;

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
      },
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      required: ['mode'],
      properties: {
        mode: { enum: ['jwt', 'none'] },
        secret: { type: 'string', minLength: 16 },
        issuer: { type: 'string' },
        audience: { type: 'string' },
      },
      if: { properties: { mode: { const: 'jwt' } } },
      then: { required: ['secret'] },
    },
    cursor: {
      type: 'object',
      additionalProperties: false,
      properties: {
        secret: { type: 'string', minLength: 16 },
        secrets: { type: 'array', minItems: 1, items: { type: 'string', minLength: 16 } },
        ttlSeconds: positiveInteger,
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requestDeadlineMs: positiveInteger,
        maxResponseBytes: positiveInteger,
        maxPagesPerRequest: positiveInteger,
        connectTimeoutMs: positiveInteger,
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
          baseUrl: { type: 'string', pattern: '^https?://[^\\s]+$' },
          apiKey: { type: 'string', minLength: 1 },
          token: { type: 'string', minLength: 1 },
          timeoutMs: positiveInteger,
          maxConcurrency: positiveInteger,
          retries: { type: 'integer', minimum: 0, maximum: 10 },
          cacheTtlMs: { type: 'integer', minimum: 0 },
          maxLagSeconds: { type: 'integer', minimum: 0 },
        },
        anyOf: [{ required: ['apiKey'] }, { required: ['token'] }],
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
