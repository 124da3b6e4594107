import { signToken } from '../auth/sign-token.js';

/** The sandbox's printed tokens; the explorer page offers the ADMIN one. */
export function sandboxTokens(secret: string): { admin: string; superadmin: string } {
  return {
    admin: signToken(secret, { sub: 'sandbox-admin', org: 'acme', role: 'ADMIN' }),
    superadmin: signToken(secret, { sub: 'sandbox-superadmin', org: 'acme', role: 'SUPERADMIN' }),
  };
}
