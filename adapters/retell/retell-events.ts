import { DEFAULT_EVENT_TOLERANCE_MS, hmacSha256Hex, sameSignature, stringAt, type VendorEventsCapability } from '../../src/contract/index.js';

/**
 * `x-retell-signature: v=<epoch ms>,d=<hex>`, the hex being HMAC-SHA256 of the raw body
 * followed directly by the timestamp, keyed with a Retell API key that has the webhook
 * badge; within five minutes either way. The same scheme as `retell-sdk`'s `verify`, which
 * the tests hold it to.
 */
export const retellEvents: VendorEventsCapability = {
  verify({ headers, rawBody }, secret, now) {
    const match = /^v=(\d+),d=([0-9a-f]{64})$/i.exec(headers['x-retell-signature'] ?? '');
    if (!match) return 'missing';
    const [, timestamp, digest] = match;
    if (!sameSignature(digest!.toLowerCase(), hmacSha256Hex(secret, `${rawBody}${timestamp}`))) return 'mismatch';
    return Math.abs(now - Number(timestamp)) > DEFAULT_EVENT_TOLERANCE_MS ? 'stale' : 'ok';
  },
  // call_started, call_ended, call_analyzed, …: `{ event, call: { call_id, agent_id, … } }`.
  vendorAgentIdOf: (payload) => stringAt(payload, 'call', 'agent_id'),
};
