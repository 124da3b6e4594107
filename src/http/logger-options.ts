import type { FastifyServerOptions } from 'fastify';

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
 * The app's logger: the caller's options plus redaction of credential headers and a
 * last pass over every written line that blanks out every configured secret value.
 */
export function secureLoggerOptions(logger: LoggerOption, scrub: (line: string) => string): LoggerOption {
  if (!logger) return false;
  const options = (logger === true ? {} : logger) as Record<string, unknown> & {
    redact?: string[] | { paths: string[]; censor?: unknown; remove?: boolean };
    hooks?: { streamWrite?: (line: string) => string };
  };
  const redact = Array.isArray(options.redact) ? { paths: options.redact } : options.redact;
  const previousWrite = options.hooks?.streamWrite;
  return {
    ...options,
    redact: { censor: '[redacted]', ...redact, paths: [...new Set([...(redact?.paths ?? []), ...REDACTED_PATHS])] },
    hooks: { ...options.hooks, streamWrite: (line: string) => scrub(previousWrite ? previousWrite(line) : line) },
  } as LoggerOption;
}
