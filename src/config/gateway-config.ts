import type { SourceBinding } from '../contract/index.js';

/** The configuration file, after `${ENV}` substitution and validation (DESIGN §3). */
export interface GatewayConfig {
  server: { host: string; port: number };
  auth: AuthConfig;
  cursor: { secrets: string[]; ttlSeconds: number };
  limits: LimitsConfig;
  connections: Record<string, ConnectionConfig>;
  agents: Record<string, AgentConfig>;
}

export interface AuthConfig {
  mode: 'jwt' | 'none';
  /** HS256 shared secret. */
  secret?: string;
  issuer?: string;
  audience?: string;
}

export interface LimitsConfig {
  /** Every vendor call and retry of one gateway request lives inside this. */
  requestDeadlineMs: number;
  /** Largest vendor response body read. */
  maxResponseBytes: number;
  /** Vendor pages one source may read in one gateway request. */
  maxPagesPerRequest: number;
  connectTimeoutMs: number;
}

export interface ConnectionConfig {
  adapter: string;
  baseUrl: string;
  apiKey?: string;
  token?: string;
  timeoutMs?: number;
  maxConcurrency?: number;
  retries?: number;
  cacheTtlMs?: number;
  maxLagSeconds?: number;
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
  connectTimeoutMs: 3_000,
};

export const DEFAULT_CONNECTION = {
  timeoutMs: 5_000,
  maxConcurrency: 8,
};

export const DEFAULT_CURSOR_TTL_SECONDS = 86_400;
