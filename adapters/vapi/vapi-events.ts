import { DEFAULT_EVENT_TOLERANCE_MS, hmacSha256Hex, sameSignature, stringAt, type VendorEventsCapability } from '../../src/contract/index.js';

/**
 * Server messages signed with an HMAC credential in Vapi's default plan (the SDK's
 * `HmacAuthenticationPlan`): `x-signature` holds the hex HMAC-SHA256 of
 * `{timestamp}.{body}`, `x-timestamp` the timestamp. Vapi states no tolerance and no unit:
 * a value above 10^12 is read as milliseconds, else seconds, and five minutes either way is
 * accepted. A bearer credential is not accepted: it carries no timestamp, so a replayed
 * request could not be told from a new one.
 */
export const vapiEvents: VendorEventsCapability = {
  verify({ headers, rawBody }, secret, now) {
    const signature = headers['x-signature'];
    const timestamp = headers['x-timestamp'];
    if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return 'missing';
    if (!sameSignature(signature.toLowerCase(), hmacSha256Hex(secret, `${timestamp}.${rawBody}`))) return 'mismatch';
    const at = Number(timestamp) > 1e12 ? Number(timestamp) : Number(timestamp) * 1000;
    return Math.abs(now - at) > DEFAULT_EVENT_TOLERANCE_MS ? 'stale' : 'ok';
  },
  // Every server message is `{ message: { type, call: { id, assistantId, … }, … } }`.
  vendorAgentIdOf: (payload) => stringAt(payload, 'message', 'call', 'assistantId'),
};
