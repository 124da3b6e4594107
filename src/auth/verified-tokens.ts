import { LRUCache } from 'lru-cache';
import type { Caller } from './caller.js';

export interface VerifiedTokensOptions {
  maxEntries: number;
  /** How long an accepted token is taken on trust before it is verified again in full (a JWKS key may be withdrawn). */
  trustMs: number;
  /** Longer `Authorization` headers are verified every time: the cache's memory stays bounded by count × this. */
  maxHeaderLength: number;
  now?: () => number;
}

export const DEFAULT_VERIFIED_TOKENS: VerifiedTokensOptions = { maxEntries: 10_000, trustMs: 60_000, maxHeaderLength: 2_048 };

interface Trusted {
  caller: Caller;
  until: number;
}

/**
 * The callers of bearer tokens accepted lately, by the exact `Authorization` header that
 * carried them: the same token again skips decoding and the signature and claim checks.
 * Only accepted tokens are kept. Every check the gateway makes stays passed once passed
 * (`iat`, `nbf` and the maximum lifetime only ever get easier as time goes on) except
 * expiry, so an entry is trusted until the token's `exp` and at most `trustMs`; after
 * that the token goes through the whole verification again, which decides as before.
 */
export class VerifiedTokens {
  private readonly trusted: LRUCache<string, Trusted>;
  private readonly options: VerifiedTokensOptions;
  private readonly now: () => number;

  constructor(options: VerifiedTokensOptions = DEFAULT_VERIFIED_TOKENS) {
    this.options = options;
    // Read at each call, not captured: a faked Date (tests) is followed.
    this.now = options.now ?? (() => Date.now());
    this.trusted = new LRUCache({ max: options.maxEntries });
  }

  /** The caller of a token accepted before and still within its trust, or undefined. */
  callerOf(header: string): Caller | undefined {
    const entry = this.trusted.get(header);
    if (!entry) return undefined;
    if (this.now() < entry.until) return entry.caller;
    this.trusted.delete(header);
    return undefined;
  }

  /** `header`'s token was accepted just now for `caller`; it expires at `expiresAtSeconds` (its `exp`). */
  remember(header: string, caller: Caller, expiresAtSeconds: number): void {
    if (header.length > this.options.maxHeaderLength) return;
    const until = Math.min(expiresAtSeconds * 1000, this.now() + this.options.trustMs);
    this.trusted.set(header, { caller: Object.freeze(caller), until });
  }
}
