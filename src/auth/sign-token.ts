import { createHmac, createPrivateKey, sign, type KeyObject } from 'node:crypto';
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
  return signJwt({ secret, algorithm: 'HS256' }, claims, ttlSeconds, now);
}

/** What a token is signed with: an HMAC secret, or a PEM private key (its type picks the algorithm). */
export type SigningKey = { secret: string; algorithm: 'HS256' | 'HS384' | 'HS512' } | { privateKeyPem: string };

/** A JWT with `iat` and `exp` added to the claims. */
export function signJwt(key: SigningKey, claims: object, ttlSeconds: number, now = Date.now()): string {
  const issuedAt = Math.floor(now / 1000);
  const payload = encode({ ...claims, iat: issuedAt, exp: issuedAt + ttlSeconds });
  if ('secret' in key) {
    const header = encode({ alg: key.algorithm, typ: 'JWT' });
    const signature = createHmac(`sha${key.algorithm.slice(2)}`, key.secret).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }
  const privateKey = createPrivateKey(key.privateKeyPem);
  const { alg, hash, options } = signatureOf(privateKey);
  const header = encode({ alg, typ: 'JWT' });
  const signature = sign(hash, Buffer.from(`${header}.${payload}`), { key: privateKey, ...options }).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

const EC_ALGORITHMS: Record<string, { alg: string; hash: string }> = {
  prime256v1: { alg: 'ES256', hash: 'sha256' },
  secp384r1: { alg: 'ES384', hash: 'sha384' },
  secp521r1: { alg: 'ES512', hash: 'sha512' },
};

/** The JWS algorithm a private key signs with, as the gateway's verifier expects by default. */
function signatureOf(key: KeyObject): { alg: string; hash: string | null; options: object } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { alg: 'RS256', hash: 'sha256', options: {} };
    case 'rsa-pss':
      return { alg: 'PS256', hash: 'sha256', options: { padding: 6, saltLength: 32 } };
    case 'ec': {
      const ec = EC_ALGORITHMS[key.asymmetricKeyDetails?.namedCurve ?? ''];
      if (ec) return { ...ec, options: { dsaEncoding: 'ieee-p1363' } };
      break;
    }
    case 'ed25519':
      return { alg: 'EdDSA', hash: null, options: {} };
  }
  throw new Error('the private key type is not supported (RSA, EC P-256/384/521 or Ed25519)');
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
