import type { FastifyInstance } from 'fastify';

const ALWAYS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/** The API serves JSON only: nothing may load, frame or run from it. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The explorer page runs its own bundled script and style sheet and talks to this origin only: no inline code, no CDN. */
export const EXPLORER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The header sets there are, made once: a response picks one by its path and copies none. */
const FOR_DOCS: Readonly<Record<string, string>> = Object.freeze({ ...ALWAYS });
const FOR_EXPLORER: Readonly<Record<string, string>> = Object.freeze({ ...ALWAYS, 'content-security-policy': EXPLORER_CSP });
const FOR_API: Readonly<Record<string, string>> = Object.freeze({ ...ALWAYS, 'content-security-policy': API_CSP });
const FOR_V1: Readonly<Record<string, string>> = Object.freeze({ ...FOR_API, 'cache-control': 'no-store' });

/** `/docs` keeps its own content (Swagger UI loads scripts and styles); `/v1` answers are never cached. */
export function securityHeadersFor(url: string): Readonly<Record<string, string>> {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (path === '/v1' || path.startsWith('/v1/')) return FOR_V1;
  if (path === '/docs' || path.startsWith('/docs/')) return FOR_DOCS;
  if (path === '/explorer' || path.startsWith('/explorer/')) return FOR_EXPLORER;
  return FOR_API;
}

/** Security headers on every response, errors and 404s included. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(securityHeadersFor(request.url));
    done(null, payload);
  });
}
