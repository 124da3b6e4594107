import { createPublicKey } from 'node:crypto';
import type { AuthConfig } from '../config/gateway-config.js';

const HMAC = ['HS256', 'HS384', 'HS512'];
const RSA = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_BY_CURVE: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };
const ASYMMETRIC = [...RSA, 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * The algorithms a configured key can verify, and the allow-list used when
 * `auth.algorithms` is absent. Tying them to the key type is what stops an RS256 public
 * key from being used as an HS256 secret (algorithm confusion).
 */
export function algorithmsForKey(auth: AuthConfig): { fitting: string[]; defaults: string[] } {
  if (auth.secret !== undefined) return { fitting: HMAC, defaults: ['HS256'] };
  if (auth.jwksUrl !== undefined) return { fitting: ASYMMETRIC, defaults: ['RS256', 'ES256'] };
  if (auth.publicKey === undefined) return { fitting: [], defaults: [] };
  const key = createPublicKey(auth.publicKey);
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { fitting: RSA, defaults: ['RS256'] };
    case 'rsa-pss':
      return { fitting: ['PS256', 'PS384', 'PS512'], defaults: ['PS256'] };
    case 'ec': {
      const algorithm = EC_BY_CURVE[key.asymmetricKeyDetails?.namedCurve ?? ''];
      return algorithm ? { fitting: [algorithm], defaults: [algorithm] } : { fitting: [], defaults: [] };
    }
    case 'ed25519':
    case 'ed448':
      return { fitting: ['EdDSA'], defaults: ['EdDSA'] };
    default:
      return { fitting: [], defaults: [] };
  }
}

/** The allow-list the verifier enforces. */
export function allowedAlgorithms(auth: AuthConfig): string[] {
  return auth.algorithms ?? algorithmsForKey(auth).defaults;
}
