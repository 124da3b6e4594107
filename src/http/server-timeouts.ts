import type { ServerOptions } from 'node:http';
import type { GatewayConfig } from '../config/gateway-config.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Above the 60 s idle timeout of common load balancers, so they close first (Fastify's own default). */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 72_000;

/**
 * How long a client may take to send its request, and to keep an idle connection open.
 * Node checks for late requests only every `connectionsCheckingInterval` (30 s by
 * default) and gives headers 60 s of their own, so a socket trickling its headers was cut
 * at about 51 s though 30 s was set. Headers get the request timeout, and the check runs
 * often enough to cut a slow client within a second of it.
 */
export function serverTimeouts(server: GatewayConfig['server']): { requestTimeout: number; keepAliveTimeout: number; http: ServerOptions } {
  const requestTimeout = server.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    requestTimeout,
    keepAliveTimeout: server.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    http: {
      maxHeaderSize: 16 * 1024,
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(1_000, Math.max(100, Math.floor(requestTimeout / 10))),
    },
  };
}
