import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultInjector, type Fault } from './faults.js';

/** A small HTTP server on loopback that simulators describe with routes. */

export interface SimulatorRequest {
  method: string;
  /** Path below the simulator's base path. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface SimulatorResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface SimulatorRoute {
  method: 'GET' | 'POST';
  /** Matched against the path below the base path; groups are passed to `handle`. */
  pattern: RegExp;
  handle(request: SimulatorRequest, params: string[]): SimulatorResponse;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  at: number;
}

export interface SimulatorServerOptions {
  /** Path prefix of the vendor's base URL, such as `/v3` or `/v1/public`. */
  basePath: string;
  routes: SimulatorRoute[];
  /** The vendor's answer for an unknown path. */
  notFound(request: SimulatorRequest): SimulatorResponse;
  /** Seeded random for probabilistic faults. */
  random?: () => number;
}

export class SimulatorServer {
  readonly faults: FaultInjector;
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private url = '';

  constructor(private readonly options: SimulatorServerOptions) {
    this.faults = new FaultInjector(options.random);
  }

  get baseUrl(): string {
    if (this.url === '') throw new Error('simulator not started');
    return this.url;
  }

  async start(host = '127.0.0.1', port = 0): Promise<string> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void this.answer(request.method ?? 'GET', request.url ?? '/', request.headers, chunks, response);
      });
    });
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    this.server = server;
    const address = server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}${this.options.basePath}`;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(
    method: string,
    rawUrl: string,
    headers: IncomingHttpHeaders,
    chunks: Buffer[],
    response: ServerResponse,
  ): Promise<void> {
    const url = new URL(rawUrl, 'http://simulator');
    const path = url.pathname.startsWith(this.options.basePath)
      ? url.pathname.slice(this.options.basePath.length) || '/'
      : url.pathname;
    this.requests.push({ method, path, query: Object.fromEntries(url.searchParams), at: Date.now() });
    const fault = this.faults.take(path);
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'reset') {
      response.socket?.destroy();
      return;
    }
    const request: SimulatorRequest = { method, path, query: url.searchParams, headers, body: parseBody(chunks) };
    const answer = fault?.kind === 'status' ? statusAnswer(fault) : this.route(request);
    writeAnswer(response, answer, fault);
  }

  private route(request: SimulatorRequest): SimulatorResponse {
    for (const route of this.options.routes) {
      if (route.method !== request.method) continue;
      const match = route.pattern.exec(request.path);
      if (match) return route.handle(request, match.slice(1).map((part) => decodeURIComponent(part)));
    }
    return this.options.notFound(request);
  }
}

function parseBody(chunks: Buffer[]): unknown {
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function statusAnswer(fault: Extract<Fault, { kind: 'status' }>): SimulatorResponse {
  return { status: fault.status, body: fault.body ?? { message: `injected ${fault.status}` }, headers: fault.headers };
}

function writeAnswer(response: ServerResponse, answer: SimulatorResponse, fault: Fault | undefined): void {
  let text: string;
  if (fault?.kind === 'malformed') text = '<html><body>502 Bad Gateway</body></html>';
  else if (fault?.kind === 'oversize') text = JSON.stringify({ padding: 'x'.repeat(fault.bytes), data: answer.body });
  // A transform may change what it is given: it gets a copy, never the simulator's records.
  else if (fault?.kind === 'transform') text = JSON.stringify(fault.transform(structuredClone(answer.body)));
  else if (fault?.kind === 'text') text = fault.text(structuredClone(answer.body));
  else text = JSON.stringify(answer.body);
  const payload = Buffer.from(text, 'utf8');
  response.writeHead(fault?.kind === 'malformed' || fault?.kind === 'oversize' ? 200 : answer.status, {
    'content-type': fault?.kind === 'malformed' ? 'text/html' : 'application/json; charset=utf-8',
    'content-length': String(payload.length),
    ...answer.headers,
  });
  if (fault?.kind === 'truncate') {
    response.write(payload.subarray(0, Math.floor(payload.length / 2)));
    setTimeout(() => response.socket?.destroy(), 5);
    return;
  }
  response.end(payload);
}
