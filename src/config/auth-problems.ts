import { createPublicKey } from 'node:crypto';
import { algorithmsForKey } from '../auth/jwt-algorithms.js';
import type { AuthConfig } from './gateway-config.js';

/**
 * What the schema cannot say about `auth` (after `…File` fields were read): one key
 * source, a readable public key, and algorithms that fit the key. Never quotes a value.
 */
export function authProblems(auth: AuthConfig | undefined): string[] {
  if (!auth || auth.mode !== 'jwt') return [];
  const sources = (['secret', 'publicKey', 'jwksUrl'] as const).filter((field) => auth[field] !== undefined);
  if (sources.length !== 1) {
    return ['auth: give exactly one of secret (or secretFile), publicKey (or publicKeyFile) or jwksUrl'];
  }
  if (auth.publicKey !== undefined) {
    if (/PRIVATE KEY/.test(auth.publicKey)) return ['auth.publicKey: holds a private key; give the public key only'];
    try {
      createPublicKey(auth.publicKey);
    } catch {
      return ['auth.publicKey: is not a PEM public key'];
    }
  }
  const { fitting } = algorithmsForKey(auth);
  if (fitting.length === 0) return ['auth.publicKey: the key type is not supported (RSA, EC P-256/384/521 or Ed25519)'];
  const unfit = (auth.algorithms ?? []).filter((algorithm) => !fitting.includes(algorithm));
  if (unfit.length > 0) return [`auth.algorithms: ${unfit.join(', ')} cannot be verified with this key (it fits ${fitting.join(', ')})`];
  return [];
}
