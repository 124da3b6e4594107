import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a vendor event was refused, or `ok`. */
export type VendorEventCheck = 'ok' | 'missing' | 'mismatch' | 'stale';

/** An inbound vendor event as the route hands it to the adapter: header names lower-cased, the body as it arrived. */
export interface VendorEventRequest {
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: string;
}

/**
 * How a vendor signs the webhooks it sends (`POST /v1/vendor-events/{connection}`), and
 * which vendor agent an event is about. Pure functions: the route reads, the adapter checks.
 */
export interface VendorEventsCapability {
  /** Checks the signature with the connection's `webhookSecret`, and that it is recent (`now`: epoch ms). */
  verify(request: VendorEventRequest, secret: string, now: number): VendorEventCheck;
  /** The vendor's agent id the event names, when its payload says (else every agent bound to the connection is read). */
  vendorAgentIdOf(payload: unknown): string | undefined;
}

/** How old a vendor's signature timestamp may be, unless its own documentation says otherwise. */
export const DEFAULT_EVENT_TOLERANCE_MS = 5 * 60_000;

export function hmacSha256Hex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

/** Compares two signatures in constant time (for their length). */
export function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A field of a JSON object several levels down, when it is a non-empty string. */
export function stringAt(payload: unknown, ...path: string[]): string | undefined {
  let value: unknown = payload;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
