import { Agent, request, type Dispatcher } from 'undici';
import type { AdapterDefinition, VendorRequest } from '../contract/index.js';
import { WalkFailure } from '../merge/walk-failure.js';
import { ConnectionHealth } from './connection-health.js';
import { failureForStatus, failureForTransportError } from './vendor-failures.js';
import { readCappedBody } from './read-capped-body.js';

/** A configured vendor account at run time. */
export interface Connection {
  name: string;
  adapter: AdapterDefinition;
  baseUrl: string;
  credential: string;
  /** Limit for one vendor call (headers and body). */
  timeoutMs: number;
  maxConcurrency: number;
}

export interface VendorResponse {
  body: unknown;
  latencyMs: number;
  fetchedAt: number;
}

export interface VendorClientOptions {
  /** A dispatcher for every connection (tests hand in a MockAgent); else one pool each. */
  dispatcher?: Dispatcher;
  maxResponseBytes: number;
  connectTimeoutMs: number;
}

/** The one HTTP client every adapter's requests go through (DESIGN §6). */
export class VendorClient {
  private readonly pools = new Map<string, Dispatcher>();
  private readonly health = new Map<string, ConnectionHealth>();

  constructor(private readonly options: VendorClientOptions) {}

  healthOf(connectionName: string): ConnectionHealth {
    let health = this.health.get(connectionName);
    if (!health) {
      health = new ConnectionHealth();
      this.health.set(connectionName, health);
    }
    return health;
  }

  /** Sends one request; throws `WalkFailure` for every way a vendor can fail. */
  async send(connection: Connection, vendorRequest: VendorRequest, deadline: number): Promise<VendorResponse> {
    const started = Date.now();
    const health = this.healthOf(connection.name);
    try {
      const response = await this.sendOnce(connection, vendorRequest, deadline, started);
      health.recordSuccess(response.latencyMs, started);
      return response;
    } catch (error) {
      const failure = failureForTransportError(error, connection.timeoutMs);
      health.recordFailure(failure.code, failure.message, started);
      throw failure;
    }
  }

  private async sendOnce(connection: Connection, vendorRequest: VendorRequest, deadline: number, started: number): Promise<VendorResponse> {
    const remaining = deadline - started;
    if (remaining <= 0) throw new WalkFailure('VENDOR_TIMEOUT', 'the request deadline passed before the vendor was called');
    const timeout = Math.min(remaining, connection.timeoutMs);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(urlOf(connection.baseUrl, vendorRequest), {
        method: vendorRequest.method,
        headers: {
          accept: 'application/json',
          ...(vendorRequest.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...vendorRequest.headers,
        },
        body: vendorRequest.body === undefined ? undefined : JSON.stringify(vendorRequest.body),
        dispatcher: this.dispatcherFor(connection),
        signal: AbortSignal.timeout(timeout),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (error) {
      throw failureForTransportError(error, timeout);
    }
    const text = await readCappedBody(response.body, this.options.maxResponseBytes, timeout);
    const latencyMs = Date.now() - started;
    const body = parseJson(text);
    if (response.statusCode >= 400) {
      throw failureForStatus(connection.adapter, response.statusCode, body ?? text, response.headers, started);
    }
    if (body === undefined) throw new WalkFailure('VENDOR_BAD_RESPONSE', 'the vendor answered with a body that is not JSON');
    return { body, latencyMs, fetchedAt: started };
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  private dispatcherFor(connection: Connection): Dispatcher {
    if (this.options.dispatcher) return this.options.dispatcher;
    let pool = this.pools.get(connection.name);
    if (!pool) {
      pool = new Agent({
        connections: connection.maxConcurrency,
        keepAliveTimeout: 10_000,
        connect: { timeout: this.options.connectTimeoutMs },
      });
      this.pools.set(connection.name, pool);
    }
    return pool;
  }
}

export function urlOf(baseUrl: string, vendorRequest: VendorRequest): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + vendorRequest.path);
  for (const [name, value] of Object.entries(vendorRequest.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type { AdapterDefinition };
