import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  authSchema,
  configSchema,
  cursorSchema,
  metricsSchema,
  monitorSchema,
  rateLimitSchema,
  redisStoreSchema,
  serverSchema,
  telemetrySchema,
} from './config-schema.js';
import { connectionSchema, type ConnectionConfig } from './connection-schema.js';
import { limitsSchema } from './limits-schema.js';
import { webhooksSchema, type WebhooksConfig } from './webhooks-schema.js';

/**
 * The types of the configuration, derived from its schema (config-schema.ts): a field with
 * a default is there after loading, so its type is not optional. Only the secrets differ
 * from the file: `cursor.secret` and a subscription's `secret` arrive as `secrets` lists.
 */

export type { ConnectionConfig } from './connection-schema.js';
export { WEBHOOK_EVENT_TYPES, type WebhookEventType, type WebhooksConfig, type WebhookSubscriptionConfig } from './webhooks-schema.js';

/** The configuration file, after `${ENV}` substitution, validation and its defaults. */
export type GatewayConfig = Omit<Static<typeof configSchema>, 'auth' | 'cursor' | 'webhooks'> & {
  auth: AuthConfig;
  cursor: { secrets: string[]; ttlSeconds: number };
  webhooks?: WebhooksConfig;
};

/** How bearer tokens are verified: exactly one of `secret`, `publicKey` or `jwksUrl` with mode jwt. */
export type AuthConfig = Static<typeof authSchema>;
export type ServerConfig = Static<typeof serverSchema>;
export type MetricsConfig = Static<typeof metricsSchema>;
export type TelemetryConfig = Static<typeof telemetrySchema>;
export type RateLimitConfig = Static<typeof rateLimitSchema>;
export type MonitorConfig = Static<typeof monitorSchema>;
export type LimitsConfig = Static<typeof limitsSchema>;
export type RedisStoreConfig = Static<typeof redisStoreSchema>;
export type StoreConfig = { redis: RedisStoreConfig };
export type AgentConfig = GatewayConfig['agents'][string];

/** What a section is when the file leaves every field of it out: the defaults its schema declares. */
function defaultsOf<Schema extends TSchema>(schema: Schema): Static<Schema> {
  return Value.Default(schema, {}) as Static<Schema>;
}

/** The default the schema declares for one field of a section. */
function defaultOf<Schema extends TObject, Field extends keyof Static<Schema> & string>(schema: Schema, field: Field): NonNullable<Static<Schema>[Field]> {
  return schema.properties[field]!.default as NonNullable<Static<Schema>[Field]>;
}

export const DEFAULT_HOST = defaultOf(serverSchema, 'host');
export const DEFAULT_PORT = defaultOf(serverSchema, 'port');
export const DEFAULT_REQUEST_TIMEOUT_MS = defaultOf(serverSchema, 'requestTimeoutMs');
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = defaultOf(serverSchema, 'keepAliveTimeoutMs');

export const DEFAULT_JWKS_CACHE_TTL_MS = defaultOf(authSchema, 'jwksCacheTtlMs');
export const DEFAULT_JWKS_TIMEOUT_MS = defaultOf(authSchema, 'jwksTimeoutMs');
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = defaultOf(authSchema, 'maxTokenAgeSeconds');
export const DEFAULT_CLOCK_SKEW_SECONDS = defaultOf(authSchema, 'clockSkewSeconds');

export const DEFAULT_METRICS_HOST = defaultOf(metricsSchema, 'host');
export const DEFAULT_SERVICE_NAME = defaultOf(telemetrySchema, 'serviceName');
export const DEFAULT_STORE_KEY_PREFIX = defaultOf(redisStoreSchema, 'keyPrefix');
export const DEFAULT_STORE_COMMAND_TIMEOUT_MS = defaultOf(redisStoreSchema, 'commandTimeoutMs');

export const DEFAULT_MONITOR: MonitorConfig = defaultsOf(monitorSchema);
export const DEFAULT_RATE_LIMIT: RateLimitConfig = defaultsOf(rateLimitSchema);
export const DEFAULT_LIMITS: LimitsConfig = defaultsOf(limitsSchema);
export const DEFAULT_CURSOR_TTL_SECONDS = defaultOf(cursorSchema, 'ttlSeconds');

export const DEFAULT_WEBHOOK_POLL_INTERVAL_SECONDS = defaultOf(webhooksSchema, 'pollIntervalSeconds');
export const DEFAULT_WEBHOOK_MAX_VENDOR_CALLS_PER_POLL = defaultOf(webhooksSchema, 'maxVendorCallsPerPoll');

/** Every setting of a connection that has a default, as the schema declares it. */
export const DEFAULT_CONNECTION: Omit<ConnectionConfig, 'adapter' | 'baseUrl'> = defaultsOf(connectionSchema);
