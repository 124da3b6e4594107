import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Small signed JSON tokens: `base64url(json).keyId.base64url(hmac-sha256)`, keyed like the
 * cursors (same secrets, same key ids, the first secret signs, any verifies) but with the
 * token's purpose inside the signed text, so a token of one kind never verifies as another.
 */
export class SignedTokens {
  private readonly keys: { id: string; secret: string }[];

  constructor(
    secrets: readonly string[],
    private readonly purpose: string,
  ) {
    if (secrets.length === 0 || secrets.some((secret) => secret.length === 0)) throw new Error('token secrets must not be empty');
    this.keys = secrets.map((secret) => ({ id: createHash('sha256').update(secret).digest('base64url').slice(0, 6), secret }));
  }

  sign(payload: object): string {
    const key = this.keys[0]!;
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${key.id}.${this.mac(key.secret, key.id, body)}`;
  }

  /** The payload, or undefined when the token is malformed or its signature does not match. */
  verify(token: string): unknown {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [body, keyId, signature] = parts as [string, string, string];
    const key = this.keys.find((candidate) => candidate.id === keyId);
    if (!key) return undefined;
    const expected = Buffer.from(this.mac(key.secret, keyId, body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  private mac(secret: string, keyId: string, body: string): string {
    return createHmac('sha256', secret).update(`${this.purpose}.${keyId}.${body}`).digest('base64url');
  }
}
