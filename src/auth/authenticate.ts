import '@fastify/jwt';
import type { FastifyRequest } from 'fastify';
import type { AuthConfig } from '../config/gateway-config.js';
import { GatewayError } from '../errors.js';
import { ROLES, type Caller, type Role } from './caller.js';
import { tokenLifetimeProblem } from './token-lifetime.js';
import { VerifiedTokens } from './verified-tokens.js';

/** With `auth.mode: none` (local use only) every caller is a SUPERADMIN. */
export const LOCAL_CALLER: Caller = { sub: 'local', org: 'local', role: 'SUPERADMIN', department: null };

/**
 * The caller of a request: the bearer token verified and its claims read (every failure a
 * 401 in the envelope). A token accepted before is answered from `verified` without a
 * promise, so a hook can go on at once.
 */
export function callerAuthenticator(auth: AuthConfig, verified = new VerifiedTokens()): (request: FastifyRequest) => Caller | Promise<Caller> {
  if (auth.mode === 'none') return () => LOCAL_CALLER;
  return (request) => {
    const header = request.headers.authorization;
    return (typeof header === 'string' && verified.callerOf(header)) || verifyToken(request, auth, verified);
  };
}

async function verifyToken(request: FastifyRequest, auth: AuthConfig, verified: VerifiedTokens): Promise<Caller> {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !/^Bearer\s+\S+$/i.test(header)) {
    throw new GatewayError('UNAUTHORIZED', 'A bearer token is required (Authorization: Bearer <token>)');
  }
  let claims: Record<string, unknown>;
  try {
    claims = await request.jwtVerify<Record<string, unknown>>();
  } catch (error) {
    throw error instanceof GatewayError && error.code === 'UNAUTHORIZED' ? error : new GatewayError('UNAUTHORIZED', tokenProblem(error));
  }
  const lifetimeProblem = tokenLifetimeProblem(claims, auth, Date.now());
  if (lifetimeProblem) throw new GatewayError('UNAUTHORIZED', lifetimeProblem);
  const caller = callerFromClaims(claims);
  // tokenLifetimeProblem found a finite exp.
  verified.remember(header, caller, claims.exp as number);
  return caller;
}

/** Claims longer than this are not identifiers of ours. */
const MAX_CLAIM_LENGTH = 256;

function callerFromClaims(claims: Record<string, unknown>): Caller {
  const { sub, org, role, department } = claims;
  if (!isIdentifier(sub)) throw new GatewayError('UNAUTHORIZED', 'The token has no usable sub claim');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new GatewayError('UNAUTHORIZED', `The token's role claim must be one of ${ROLES.join(', ')}`);
  }
  // A SUPERADMIN reads every org, so its token may leave `org` out; its cursors are bound to none.
  const superadminWithoutOrg = role === 'SUPERADMIN' && (org === undefined || org === null || org === '');
  if (!superadminWithoutOrg && !isIdentifier(org)) throw new GatewayError('UNAUTHORIZED', 'The token has no usable org claim');
  if (department !== undefined && department !== null && department !== '' && !isIdentifier(department)) {
    throw new GatewayError('UNAUTHORIZED', "The token's department claim is not usable");
  }
  return { sub, org: superadminWithoutOrg ? '' : (org as string), role: role as Role, department: isIdentifier(department) ? department : null };
}

function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.length <= MAX_CLAIM_LENGTH;
}

function tokenProblem(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (code.includes('EXPIRED')) return 'The token has expired';
  if (code.includes('INVALID_SIGNATURE')) return 'The token signature is invalid';
  if (code.includes('CLAIM')) return 'A token claim (issuer, audience or time) is not accepted';
  // fast-jwt's own reasons ("The iss claim value is not allowed.") never quote the key.
  if (code === 'FST_JWT_AUTHORIZATION_TOKEN_INVALID') return (error as Error).message.slice(0, 200);
  return 'The token is malformed or not accepted';
}
