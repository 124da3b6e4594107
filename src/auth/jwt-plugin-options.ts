import type { FastifyJWTOptions } from '@fastify/jwt';
import type { FastifyRequest } from 'fastify';
import { DEFAULT_JWKS_CACHE_TTL_MS, DEFAULT_JWKS_TIMEOUT_MS, type AuthConfig } from '../config/gateway-config.js';
import { allowedAlgorithms } from './jwt-algorithms.js';
import { jwksKeyResolver } from './jwks-keys.js';

/**
 * @fastify/jwt's options from `auth`: an HMAC secret, a PEM public key or a JWKS URL,
 * always with an algorithm allow-list and the configured issuer and audience.
 */
export function jwtPluginOptions(auth: AuthConfig): FastifyJWTOptions {
  const common = { messages: { authorizationTokenInvalid: (error: Error) => `The token is not accepted: ${error.message}` } };
  const verify: FastifyJWTOptions['verify'] = {
    algorithms: allowedAlgorithms(auth) as NonNullable<FastifyJWTOptions['verify']>['algorithms'],
    ...(auth.issuer ? { allowedIss: auth.issuer } : {}),
    ...(auth.audience ? { allowedAud: auth.audience } : {}),
    // fast-jwt checks iss and aud only when present: a configured one must also be there.
    requiredClaims: [...(auth.issuer ? ['iss'] : []), ...(auth.audience ? ['aud'] : [])],
  };
  if (auth.secret !== undefined) return { ...common, secret: auth.secret, verify };
  if (auth.publicKey !== undefined) return { ...common, secret: { public: auth.publicKey }, verify };
  if (auth.jwksUrl !== undefined) {
    const resolver = jwksKeyResolver({
      jwksUrl: auth.jwksUrl,
      cacheTtlMs: auth.jwksCacheTtlMs ?? DEFAULT_JWKS_CACHE_TTL_MS,
      timeoutMs: auth.jwksTimeoutMs ?? DEFAULT_JWKS_TIMEOUT_MS,
    });
    return {
      ...common,
      secret: (request: FastifyRequest, token: unknown) => resolver(request, token as { header: { kid?: unknown; alg?: unknown } }),
      decode: { complete: true },
      verify,
    };
  }
  throw new Error('auth.mode jwt needs secret, publicKey or jwksUrl');
}
