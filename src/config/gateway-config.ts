import type { SourceBinding } from '../contract/index.js';

/** The configuration file, after `${ENV}` substitution and validation. */
export interface GatewayConfig {
  server: {
    host: string;
    port: number;
    /** A client must send its whole request (headers and body) within this (default 30 s), else 408. */
    requestTimeoutMs?: number;
    /** An idle keep-alive connection is closed after this (default 72 s). */
    keepAliveTimeoutMs?: number;
    /** On SIGTERM, `/readyz` answers 503 this long while requests are still served, then the listener closes (default 0). */
    drainMs?: number;
  };
  auth: AuthConfig;
  cursor: { secrets: string[]; ttlSeconds: number };
  limits: LimitsConfig;
  /** The stalled-conversation monitor (docs/monitor.md); `DEFAULT_MONITOR` when absent. */
  monitor?: MonitorConfig;
  /** Requests per caller; `DEFAULT_RATE_LIMIT` when absent. */
  rateLimit?: RateLimitConfig;
  /** Who may read `/metrics`; open on the gateway's own port when absent. */
  metrics?: MetricsConfig;
  /** Shared state of several replicas (docs/replicas.md); absent: everything stays in-process. */
  store?: StoreConfig;
  /** Traces go out over OTLP/HTTP only when an endpoint is set (here or OTEL_EXPORTER_OTLP_ENDPOINT). */
  telemetry?: TelemetryConfig;
  /** Changes pushed as signed webhooks (docs/webhooks.md); absent: none are. */
  webhooks?: WebhooksConfig;
  connections: Record<string, ConnectionConfig>;
  agents: Record<string, AgentConfig>;
}

/** The changes a subscription may ask for. */
export const WEBHOOK_EVENT_TYPES = ['conversation.created', 'conversation.updated'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const DEFAULT_WEBHOOK_POLL_INTERVAL_SECONDS = 60;
export const DEFAULT_WEBHOOK_MAX_VENDOR_CALLS_PER_POLL = 100;

export interface WebhooksConfig {
  /** Every subscribed agent is walked with its sync token this often (default 60 s). */
  pollIntervalSeconds: number;
  /** Vendor calls one poll of one agent may make (default 100). */
  maxVendorCallsPerPoll: number;
  subscriptions: Record<string, WebhookSubscriptionConfig>;
}

export interface WebhookSubscriptionConfig {
  url: string;
  /** Standard Webhooks secrets (`whsec_…`): every delivery is signed with each, the first and, while one rotates, the second. */
  secrets: string[];
  org: string;
  /** `all`: every agent of `org`. */
  agents: 'all' | string[];
  events: WebhookEventType[];
}

/** How bearer tokens are verified: exactly one of `secret`, `publicKey` or `jwksUrl` with mode jwt. */
export interface AuthConfig {
  mode: 'jwt' | 'none';
  /** HMAC shared secret (HS256 unless `algorithms` says otherwise). */
  secret?: string;
  /** PEM public key (RSA, EC or Ed25519); the algorithms follow from its type. */
  publicKey?: string;
  /** JWKS endpoint; keys are fetched by `kid` and cached. */
  jwksUrl?: string;
  /** Allow-list of JWT algorithms; by default the one(s) the key type implies. */
  algorithms?: string[];
  issuer?: string;
  audience?: string;
  /** How long a fetched JWKS key is trusted (default 10 min). */
  jwksCacheTtlMs?: number;
  /** Longest wait for the JWKS endpoint (default 3 s); a slower one makes the token a 401. */
  jwksTimeoutMs?: number;
  /** Longest lifetime a token may have, `exp` − `iat` (default 24 h); `exp` is always required. */
  maxTokenAgeSeconds?: number;
  /** How far in the future a token's `iat` may lie, for issuers whose clock runs ahead (default 60 s). */
  clockSkewSeconds?: number;
}

/** `/metrics` behind a bearer token, on a listener of its own, or both. */
export interface MetricsConfig {
  /** Scrapers must send `Authorization: Bearer <token>`. */
  token?: string;
  /** Serve `/metrics` on this port only (not on the gateway's). */
  port?: number;
  /** Interface of that listener (default 127.0.0.1). */
  host?: string;
}

/** Per caller (`sub`, or the IP when the token is missing or bad); /healthz, /readyz, /metrics are exempt. */
export interface TelemetryConfig {
  /** `service.name` of the exported spans; default conversation-gateway. */
  serviceName?: string;
  /** The OTLP/HTTP traces endpoint, e.g. http://collector:4318/v1/traces. */
  otlp?: { url: string };
}

export interface RateLimitConfig {
  enabled: boolean;
  max: number;
  timeWindowMs: number;
}

export interface StoreConfig {
  redis: RedisStoreConfig;
}

export interface RedisStoreConfig {
  /** `redis://[:password@]host:port[/db]`; the password is kept out of logs like any secret. */
  url: string;
  /** Put before every key, so several gateways (or tests) can share one Redis. */
  keyPrefix?: string;
  /** Longest wait for one Redis command before the replica falls back to its own state. */
  commandTimeoutMs?: number;
}

/** Where the gateway listens, and how long it waits on its clients. */
export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_PORT = 8080;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Above the 60 s idle timeout of common load balancers, so they close first (Fastify's own default). */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** How long a fetched JWKS key is trusted, and the longest wait for the JWKS endpoint. */
export const DEFAULT_JWKS_CACHE_TTL_MS = 10 * 60_000;
export const DEFAULT_JWKS_TIMEOUT_MS = 3_000;
/** The longest a token may live (`exp` − `iat`) unless `auth.maxTokenAgeSeconds` says otherwise. */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 86_400;
/** How far an issuer's clock may run ahead of ours, unless `auth.clockSkewSeconds` says otherwise. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** The interface of a `/metrics` listener of its own: this machine only, unless the config says otherwise. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';
/** `service.name` of exported spans. */
export const DEFAULT_SERVICE_NAME = 'conversation-gateway';

export const DEFAULT_STORE_KEY_PREFIX = 'gateway:';
export const DEFAULT_STORE_COMMAND_TIMEOUT_MS = 250;

export interface MonitorConfig {
  /** Minutes a conversation must wait before it counts as stalled. */
  thresholdMinutes: number;
}

export const DEFAULT_MONITOR: MonitorConfig = { thresholdMinutes: 30 };

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { enabled: true, max: 6000, timeWindowMs: 60_000 };

export interface LimitsConfig {
  /** Every vendor call, retry and wait of one gateway request lives inside this (default 10 s). */
  requestDeadlineMs: number;
  /** Largest vendor response body read (default 10 MiB); a larger one is `VENDOR_BAD_RESPONSE`. */
  maxResponseBytes: number;
  /** Vendor pages one source may read in one gateway request. */
  maxPagesPerRequest: number;
  /** Vendor calls (retries included) one gateway request may make across all its sources: a page, the monitor. */
  maxVendorCallsPerRequest: number;
  /** Vendor calls one export may make; past them it ends with `complete: false` and a cursor to resume. */
  maxVendorCallsPerExport: number;
  /** Vendor calls one count of a filter may make across its sources; past them its counts are partial. */
  maxVendorCallsPerCount: number;
  /** How long a complete count of a filter is answered again without reading vendors; 0 keeps none. */
  countCacheTtlMs: number;
  /** Every this many vendor calls of a request cost its caller one more unit of the rate limit (the request itself costs one). */
  vendorCallsPerRateLimitUnit: number;
  /** Exports one caller (`org` + `sub`) may have open at once on a replica; a 429 beyond. */
  maxConcurrentExportsPerCaller: number;
  /** Exports one organization may have open at once on a replica; a 429 beyond. */
  maxConcurrentExportsPerOrg: number;
  connectTimeoutMs: number;
}

/** One vendor account. Every optional field has its default in `DEFAULT_CONNECTION`. */
export interface ConnectionConfig {
  adapter: string;
  baseUrl: string;
  apiKey?: string;
  token?: string;
  /** The secret the vendor signs its webhooks with; absent: the connection takes no vendor events. */
  webhookSecret?: string;
  /** Limit for one vendor call, headers and body (also cut to the request deadline). */
  timeoutMs?: number;
  /** Vendor calls in flight at once; more wait for a slot, but never past the deadline. */
  maxConcurrency?: number;
  /** Retries of a failed read (408, 429, 502, 503, 504, resets), within the deadline. */
  retries?: number;
  /** How long a vendor page is served from the cache; 0 stores nothing (identical calls in flight are still shared). */
  cacheTtlMs?: number;
  /** How long the detail (transcript) of a finished conversation is kept; 0 keeps none. */
  detailCacheTtlMs?: number;
  maxLagSeconds?: number;
  /** ISO 3166-1 alpha-2 region of national phone numbers this vendor account sends (`CA`, `GB`). */
  defaultRegion?: string;
  /** Failures in a row (5xx, 408, timeouts, unreachable, bad bodies) that open the circuit breaker. */
  breakerThreshold?: number;
  /** How long an open breaker refuses calls before one probe may go through. */
  breakerCooldownMs?: number;
  /** Bound to agents of several orgs on purpose: no start-up warning about it. */
  sharedAcrossOrgs?: boolean;
  /** Vendor calls started per second, across every replica sharing the store; unset: no cap. */
  requestsPerSecond?: number;
}

export interface AgentConfig {
  name: string;
  org: string;
  department?: string;
  sources: SourceBinding[];
}

export const DEFAULT_LIMITS: LimitsConfig = {
  requestDeadlineMs: 10_000,
  maxResponseBytes: 10 * 1024 * 1024,
  maxPagesPerRequest: 100,
  maxVendorCallsPerRequest: 40,
  maxVendorCallsPerExport: 2_000,
  maxVendorCallsPerCount: 400,
  countCacheTtlMs: 30_000,
  vendorCallsPerRateLimitUnit: 20,
  maxConcurrentExportsPerCaller: 2,
  maxConcurrentExportsPerOrg: 8,
  connectTimeoutMs: 3_000,
};

export { DEFAULT_CONNECTION } from '../upstream/connection.js';

export const DEFAULT_CURSOR_TTL_SECONDS = 86_400;
