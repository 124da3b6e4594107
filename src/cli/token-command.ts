import { readFile } from 'node:fs/promises';
import { allowedAlgorithms } from '../auth/jwt-algorithms.js';
import { signJwt, type SigningKey } from '../auth/sign-token.js';
import type { AuthConfig } from '../config/gateway-config.js';
import type { CliCommand } from './cli-command.js';
import { UsageError } from './cli-command.js';

type TokenRequest = Extract<CliCommand, { name: 'token' }>;

/**
 * A bearer token the configured gateway accepts: the role's claims plus the config's
 * issuer and audience, signed with auth.secret or with the given private key. Only the
 * config's `auth` section is needed.
 */
export async function mintToken(request: TokenRequest, auth: AuthConfig, now = Date.now()): Promise<string> {
  if (auth.mode !== 'jwt') throw new UsageError('auth.mode is none: this gateway checks no tokens');
  const claims = {
    sub: request.sub,
    role: request.role,
    ...(request.org ? { org: request.org } : {}),
    ...(request.department ? { department: request.department } : {}),
    ...(auth.issuer ? { iss: auth.issuer } : {}),
    ...(auth.audience ? { aud: auth.audience } : {}),
  };
  return signJwt(await signingKey(request, auth), claims, request.ttlSeconds, now);
}

async function signingKey(request: TokenRequest, auth: AuthConfig): Promise<SigningKey> {
  if (request.privateKeyFile) {
    if (auth.secret !== undefined) throw new UsageError('auth uses an HMAC secret: leave out --private-key');
    try {
      return { privateKeyPem: await readFile(request.privateKeyFile, 'utf8') };
    } catch (error) {
      throw new UsageError(`--private-key ${request.privateKeyFile}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (auth.secret === undefined) {
    throw new UsageError('auth checks a public key or a JWKS: sign with the matching private key, --private-key FILE');
  }
  const algorithm = (['HS256', 'HS384', 'HS512'] as const).find((candidate) => allowedAlgorithms(auth).includes(candidate));
  if (!algorithm) throw new UsageError('auth.algorithms allows no HMAC algorithm for auth.secret');
  return { secret: auth.secret, algorithm };
}
