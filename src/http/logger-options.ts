import type { FastifyRequest, FastifyServerOptions } from 'fastify';

type LoggerOption = FastifyServerOptions['logger'];

/** Where credentials travel in what Fastify and its serializers log. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["xi-api-key"]',
  'headers.authorization',
  'res.headers["set-cookie"]',
];

/**
 * A request as the log shows it: its path, its route and the names of its query, never the
 * query's values (`q` searches for e-mail addresses and phone numbers: personal data).
 */
export function loggedRequest(request: FastifyRequest): unknown {
  // What code logs as `req` itself is left as it is (credential headers are redacted anyway).
  if (typeof request?.url !== 'string' || typeof request.method !== 'string') return request;
  const [path, search] = request.url.split('?', 2);
  const names = search === undefined ? [] : [...new Set([...new URLSearchParams(search).keys()])];
  return {
    method: request.method,
    url: path,
    ...(request.routeOptions?.url ? { route: request.routeOptions.url } : {}),
    ...(names.length > 0 ? { query: names } : {}),
    host: request.host,
    remoteAddress: request.ip,
  };
}

/**
 * The app's logger: the caller's options plus redaction of credential headers, requests
 * logged without their query's values, and a last pass over every written line that blanks
 * out every configured secret value.
 */
export function secureLoggerOptions(logger: LoggerOption, scrub: (line: string) => string): LoggerOption {
  if (!logger) return false;
  const options = (logger === true ? {} : logger) as Record<string, unknown> & {
    redact?: string[] | { paths: string[]; censor?: unknown; remove?: boolean };
    hooks?: { streamWrite?: (line: string) => string };
    serializers?: Record<string, (value: never) => unknown>;
  };
  const redact = Array.isArray(options.redact) ? { paths: options.redact } : options.redact;
  const previousWrite = options.hooks?.streamWrite;
  return {
    ...options,
    redact: { censor: '[redacted]', ...redact, paths: [...new Set([...(redact?.paths ?? []), ...REDACTED_PATHS])] },
    serializers: { ...options.serializers, req: loggedRequest },
    hooks: { ...options.hooks, streamWrite: (line: string) => scrub(previousWrite ? previousWrite(line) : line) },
  } as LoggerOption;
}
