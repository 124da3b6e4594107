import { createHmac } from 'node:crypto';
import type { Role } from './caller.js';

export interface TokenClaims {
  sub: string;
  org: string;
  role: Role;
  department?: string;
  iss?: string;
  aud?: string;
}

/** An HS256 JWT, for the sandbox's printed token and for tests. */
export function signToken(secret: string, claims: TokenClaims, ttlSeconds = 86_400, now = Date.now()): string {
  const issuedAt = Math.floor(now / 1000);
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({ ...claims, iat: issuedAt, exp: issuedAt + ttlSeconds });
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
