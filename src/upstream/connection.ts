import type { AdapterDefinition } from '../contract/index.js';

/** Resilience settings a connection leaves out take these. */
export const DEFAULT_CONNECTION = {
  timeoutMs: 5_000,
  maxConcurrency: 8,
  retries: 2,
  cacheTtlMs: 2_000,
  detailCacheTtlMs: 600_000,
  breakerThreshold: 5,
  breakerCooldownMs: 30_000,
};

/** A configured vendor account at run time, every setting resolved (`resolveConnection`). */
export interface Connection {
  name: string;
  adapter: AdapterDefinition;
  baseUrl: string;
  credential: string;
  /** Limit for one vendor call (headers and body). */
  timeoutMs: number;
  maxConcurrency: number;
  retries: number;
  cacheTtlMs: number;
  /** How long the detail of a finished conversation is kept (it no longer changes). */
  detailCacheTtlMs: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
  /** The secret the vendor signs its webhooks with; absent: no vendor events are taken. */
  webhookSecret?: string;
  /** Vendor calls started per second across the fleet; unset: no cap. */
  requestsPerSecond?: number;
}

export type ConnectionSettings = Pick<Connection, 'name' | 'adapter' | 'baseUrl' | 'credential'> &
  Partial<Omit<Connection, 'name' | 'adapter' | 'baseUrl' | 'credential'>>;

/** The one place a connection's unset settings take their defaults. */
export function resolveConnection(settings: ConnectionSettings): Connection {
  const given = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_CONNECTION, ...given } as Connection;
}
