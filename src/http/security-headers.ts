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

function contentSecurityPolicy(path: string): Record<string, string> {
  if (path === '/docs' || path.startsWith('/docs/')) return {};
  if (path === '/explorer' || path.startsWith('/explorer/')) return { 'content-security-policy': EXPLORER_CSP };
  return { 'content-security-policy': API_CSP };
}

/** `/docs` keeps its own content (Swagger UI loads scripts and styles); `/v1` answers are never cached. */
export function securityHeadersFor(url: string): Record<string, string> {
  const path = url.split('?')[0] ?? '';
  return {
    ...ALWAYS,
    ...contentSecurityPolicy(path),
    ...(path === '/v1' || path.startsWith('/v1/') ? { 'cache-control': 'no-store' } : {}),
  };
}

/** Security headers on every response, errors and 404s included. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.headers(securityHeadersFor(request.url));
    return payload;
  });
}
