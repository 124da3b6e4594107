import { GatewayError } from '../errors.js';
import { SignedTokens } from './signed-token.js';

/** What a sync token says: this walk of this agent, org and filter set began at `watermark`. */
export interface SyncToken {
  agentId: string;
  org: string;
  /** `filterFingerprint` of the filters and sources of the walk that issued it. */
  filters: string;
  /** When the issuing walk began, epoch ms on the gateway's clock. */
  watermark: number;
}

/**
 * Sync tokens are signed like cursors but never expire: an old token stays sound, it only
 * makes a longer delta. Rotating the cursor secrets out retires them (a full walk again).
 */
export class SyncTokenCodec {
  private readonly tokens: SignedTokens;

  constructor(secrets: readonly string[]) {
    this.tokens = new SignedTokens(secrets, 'sync-token');
  }

  encode(token: SyncToken): string {
    return this.tokens.sign(token);
  }

  decode(token: string, expected: Omit<SyncToken, 'watermark'>): SyncToken {
    const payload = this.tokens.verify(token);
    if (!isSyncToken(payload)) throw new GatewayError('INVALID_CURSOR', 'The syncToken is malformed or its signature does not match');
    if (payload.agentId !== expected.agentId || payload.org !== expected.org) {
      throw new GatewayError('CURSOR_MISMATCH', 'The syncToken was issued for another agent or organization');
    }
    if (payload.filters !== expected.filters) {
      throw new GatewayError('CURSOR_MISMATCH', 'The filters differ from the ones the syncToken was issued for');
    }
    return payload;
  }
}

function isSyncToken(value: unknown): value is SyncToken {
  if (value === null || typeof value !== 'object') return false;
  const token = value as Partial<SyncToken>;
  return (
    typeof token.agentId === 'string' &&
    typeof token.org === 'string' &&
    typeof token.filters === 'string' &&
    typeof token.watermark === 'number' &&
    Number.isFinite(token.watermark)
  );
}
