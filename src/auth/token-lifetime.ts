import { DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_MAX_TOKEN_AGE_SECONDS, type AuthConfig } from '../config/gateway-config.js';

/**
 * What the signature check leaves open: a token must expire (`exp`), may not live longer
 * than `maxTokenAgeSeconds` (counted from `iat`, or from now when it has none), and may
 * not claim to be issued in the future beyond the clock skew. Without these a leaked
 * token, or one minted with `exp` in year 9999, would work for ever.
 * Returns why the token is refused, or undefined.
 */
export function tokenLifetimeProblem(claims: Record<string, unknown>, auth: Pick<AuthConfig, 'maxTokenAgeSeconds' | 'clockSkewSeconds'>, nowMs: number): string | undefined {
  const maxAge = auth.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS;
  const skew = auth.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const now = nowMs / 1000;
  const { exp, iat } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'The token has no exp claim; tokens must expire';
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) return 'The token has an unreadable iat claim';
  if (typeof iat === 'number' && iat > now + skew) return 'The token is issued in the future (iat)';
  const issuedAt = typeof iat === 'number' ? iat : now;
  if (exp - issuedAt > maxAge + (typeof iat === 'number' ? 0 : skew)) {
    return `The token lives longer than the ${maxAge} s this gateway accepts (exp - iat)`;
  }
  return undefined;
}
