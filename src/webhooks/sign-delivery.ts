import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks headers of one attempt. Signed with every secret of the
 * subscription: while one rotates the header holds two signatures, and a receiver
 * holding either secret verifies the delivery.
 */
export function signedHeaders(deliveryId: string, body: string, secrets: readonly string[], now: number): Record<string, string> {
  const at = new Date(now);
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': String(Math.floor(now / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(deliveryId, at, body)).join(' '),
  };
}
