import type { FastifyRequest } from 'fastify';
import buildGetJwks from 'get-jwks';
import { GatewayError } from '../errors.js';
import { PerAddressBudget } from './lookup-budget.js';

export interface JwksOptions {
  jwksUrl: string;
  cacheTtlMs: number;
  timeoutMs: number;
  /**
   * Look-ups of key ids not seen before, per client address and 10 s: a flood of random
   * `kid`s is not a flood of fetches, and one client's flood does not use up the look-ups
   * another client needs to reach a newly published key.
   */
  unknownKeyLookups?: number;
}

interface DecodedToken {
  header: { kid?: unknown; alg?: unknown };
}

/**
 * The public key of a token from the configured JWKS (get-jwks, cached by key id). The
 * JWKS location comes from the config only, never from the token. Any failure to get the
 * key (endpoint down, slow, unknown key id) is a 401: the token cannot be verified.
 */
export function jwksKeyResolver(options: JwksOptions): (request: FastifyRequest, token: DecodedToken) => Promise<string> {
  const url = new URL(options.jwksUrl);
  const domain = `${url.origin}/`;
  const jwks = buildGetJwks({
    jwksPath: `${url.pathname.replace(/^\//, '')}${url.search}` || '.well-known/jwks.json',
    ttl: options.cacheTtlMs,
    max: 100,
    fetchOptions: { redirect: 'error' },
  });
  const lookupBudget = new PerAddressBudget(options.unknownKeyLookups ?? 10, 10_000);
  const known = new Set<string>();
  const pending = new Map<string, Promise<string>>();

  const fetchKey = (kid: string | undefined, alg: string) =>
    withTimeout(jwks.getPublicKey({ domain, kid, alg }), options.timeoutMs);

  return async (request, token) => {
    const { kid, alg } = token.header;
    if (typeof alg !== 'string' || (kid !== undefined && (typeof kid !== 'string' || kid.length > 256))) {
      throw new GatewayError('UNAUTHORIZED', 'The token header is not accepted');
    }
    const id = `${alg}:${kid ?? ''}`;
    try {
      if (known.has(id)) return await fetchKey(kid, alg);
      const inFlight = pending.get(id);
      if (inFlight) return await inFlight;
      if (!lookupBudget.take(request.ip)) throw new Error('too many lookups of unknown key ids from this address');
      const lookup = fetchKey(kid, alg).finally(() => pending.delete(id));
      pending.set(id, lookup);
      const key = await lookup;
      known.add(id);
      return key;
    } catch (error) {
      request.log.warn({ reason: (error as Error).message?.slice(0, 200) }, 'no JWKS key for the token');
      throw new GatewayError('UNAUTHORIZED', "The token's signing key could not be found or fetched");
    }
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the JWKS endpoint did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
