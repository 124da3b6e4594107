import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** A key pair made in the test, with its public half as PEM and as a JWK. */
export interface TestKeyPair {
  privateKey: KeyObject;
  publicPem: string;
  jwk: Record<string, unknown>;
}

export function rsaKeyPair(kid: string): TestKeyPair {
  return withExports(generateKeyPairSync('rsa', { modulusLength: 2048 }), kid, 'RS256');
}

export function ecKeyPair(kid: string): TestKeyPair {
  return withExports(generateKeyPairSync('ec', { namedCurve: 'P-256' }), kid, 'ES256');
}

function withExports(pair: { privateKey: KeyObject; publicKey: KeyObject }, kid: string, alg: string): TestKeyPair {
  return {
    privateKey: pair.privateKey,
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    jwk: { ...pair.publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' },
  };
}

export interface JwtParts {
  header?: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Seconds from now; negative makes an expired token. */
  ttlSeconds?: number;
}

/** A signed JWT: `HS*` with a string secret, `RS256`/`ES256` with a private key, or `none`. */
export function signJwt(alg: string, key: string | KeyObject | null, parts: JwtParts): string {
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg, typ: 'JWT', ...parts.header });
  const payload = encode({ iat: now, exp: now + (parts.ttlSeconds ?? 3600), ...parts.claims });
  const input = `${header}.${payload}`;
  if (alg === 'none' || key === null) return `${input}.`;
  if (typeof key === 'string') {
    const hash = `sha${alg.slice(2)}`;
    return `${input}.${createHmac(hash, key).update(input).digest('base64url')}`;
  }
  const signature = alg.startsWith('ES')
    ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
    : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
