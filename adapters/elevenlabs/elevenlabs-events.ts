import { hmacSha256Hex, sameSignature, stringAt, type VendorEventsCapability } from '../../src/contract/index.js';

/** ElevenLabs' own SDK (`constructEvent`) refuses signatures older than 30 minutes. */
const TOLERANCE_MS = 30 * 60_000;

/**
 * Post-call webhooks: `ElevenLabs-Signature: t=<unix s>,v0=<hex>`, where the hex is
 * HMAC-SHA256 of `<t>.<raw body>` with the webhook's secret. Unlike the SDK, a timestamp
 * more than the tolerance in the future is refused too.
 */
export const elevenlabsEvents: VendorEventsCapability = {
  verify({ headers, rawBody }, secret, now) {
    const parts = (headers['elevenlabs-signature'] ?? '').split(',');
    const timestamp = parts.find((part) => part.startsWith('t='))?.slice(2);
    const signature = parts.find((part) => part.startsWith('v0='));
    if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return 'missing';
    if (!sameSignature(signature, `v0=${hmacSha256Hex(secret, `${timestamp}.${rawBody}`)}`)) return 'mismatch';
    return Math.abs(now - Number(timestamp) * 1000) > TOLERANCE_MS ? 'stale' : 'ok';
  },
  // post_call_transcription and post_call_audio carry `data.agent_id`.
  vendorAgentIdOf: (payload) => stringAt(payload, 'data', 'agent_id'),
};
