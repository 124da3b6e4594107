import { isIP } from 'node:net';
import type { AuthConfig } from './gateway-config.js';

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`: nothing off this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./.test(bare) || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * `auth.mode: none` makes every caller a SUPERADMIN, so it is refused at start-up unless
 * the gateway listens on loopback only. `host` is where it will really listen.
 */
export function openAuthProblems(auth: Pick<AuthConfig, 'mode'> | undefined, host: string): string[] {
  if (auth?.mode !== 'none' || isLoopbackHost(host)) return [];
  return [
    `auth.mode: none lets anyone read every agent and is only allowed when the gateway listens on loopback (server.host 127.0.0.1 or ::1), not on ${host}`,
  ];
}
