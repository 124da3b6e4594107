import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { GatewayError } from '../errors.js';
import type { WalkCursor } from './walk-cursor.js';

/**
 * The longest cursor the endpoints accept, and so the longest the gateway may issue: well
 * inside the 16 KiB a request line and its headers may take. Per source a cursor carries at
 * most `INLINE_VENDOR_CURSOR_CHARS` of vendor cursor text (longer ones are kept by the
 * gateway under a digest, `vendor-cursor-store.ts`), so 32 sources still fit.
 */
export const MAX_CURSOR_CHARS = 12_288;

/** A cursor's JSON is never near this; a body that inflates past it is refused, not expanded. */
const MAX_CURSOR_JSON_BYTES = 64 * 1024;

/**
 * Signed, stateless cursors: `base64url(deflate(json)).keyId.base64url(hmac-sha256)`
 * (deflated because per-source resume points repeat ids and keys). Signed with
 * the first secret, accepted with any (rotation); any replica can serve any cursor.
 */
export class CursorCodec {
  private readonly keys: { id: string; secret: string }[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0 || secrets.some((secret) => secret.length === 0)) {
      throw new Error('cursor secrets must not be empty');
    }
    this.keys = secrets.map((secret) => ({ id: keyIdOf(secret), secret }));
  }

  encode(cursor: WalkCursor): string {
    const key = this.keys[0]!;
    const body = deflateRawSync(Buffer.from(JSON.stringify(cursor), 'utf8')).toString('base64url');
    return `${body}.${key.id}.${sign(key.secret, key.id, body)}`;
  }

  /** Verifies signature, expiry and binding; every failure is a 400 with its own code. */
  decode(token: string, expected: { agentId: string; org: string; filters: string; now: number }): WalkCursor {
    const parts = token.split('.');
    if (parts.length !== 3) throw new GatewayError('INVALID_CURSOR');
    const [body, keyId, signature] = parts as [string, string, string];
    const key = this.keys.find((candidate) => candidate.id === keyId);
    if (!key || !safeEqual(signature, sign(key.secret, keyId, body))) throw new GatewayError('INVALID_CURSOR');
    let cursor: WalkCursor;
    try {
      const json = inflateRawSync(Buffer.from(body, 'base64url'), { maxOutputLength: MAX_CURSOR_JSON_BYTES });
      cursor = JSON.parse(json.toString('utf8')) as WalkCursor;
    } catch {
      throw new GatewayError('INVALID_CURSOR');
    }
    if (!isWalkCursor(cursor)) throw new GatewayError('INVALID_CURSOR');
    if (cursor.expiresAt <= expected.now) throw new GatewayError('CURSOR_EXPIRED');
    if (cursor.agentId !== expected.agentId || cursor.org !== expected.org) {
      throw new GatewayError('CURSOR_MISMATCH', 'The cursor was issued for another agent or organization');
    }
    if (cursor.filters !== expected.filters) {
      throw new GatewayError('CURSOR_MISMATCH', 'The filters differ from the ones the cursor was issued for');
    }
    return cursor;
  }
}

function keyIdOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 6);
}

function sign(secret: string, keyId: string, body: string): string {
  return createHmac('sha256', secret).update(`${keyId}.${body}`).digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function isWalkCursor(value: unknown): value is WalkCursor {
  if (value === null || typeof value !== 'object') return false;
  const cursor = value as Partial<WalkCursor>;
  return (
    typeof cursor.agentId === 'string' &&
    typeof cursor.org === 'string' &&
    typeof cursor.filters === 'string' &&
    typeof cursor.expiresAt === 'number' &&
    (cursor.boundary === undefined || (typeof cursor.boundary === 'object' && cursor.boundary !== null && typeof cursor.boundary.id === 'string')) &&
    typeof cursor.sources === 'object' &&
    cursor.sources !== null
  );
}
