import type { ServerOptions } from 'node:http';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, type GatewayConfig } from '../config/gateway-config.js';

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
