import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeliveryQueue } from './delivery-queue.js';

/**
 * `gateway_webhook_deliveries_total{subscription,outcome}` (attempts this replica made:
 * `delivered`, `retried`, `dead`), and per subscription the deliveries pending in the
 * queue and the age of the oldest (the fleet's, read from the queue at each scrape).
 */
export function registerWebhookMetrics(registry: Registry, queue: () => DeliveryQueue, subscriptionIds: readonly string[]) {
  const deliveries = new Counter({
    name: 'gateway_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered (2xx), retried (failed, tried again later), dead (the last attempt failed)',
    labelNames: ['subscription', 'outcome'],
    registers: [registry],
  });
  const depths = async () => Promise.all(subscriptionIds.map(async (id) => [id, await queue().depth(id).catch(() => undefined)] as const));
  new Gauge({
    name: 'gateway_webhook_queue_depth',
    help: 'Webhook deliveries pending (waiting, between attempts or in flight), per subscription',
    labelNames: ['subscription'],
    registers: [registry],
    async collect() {
      for (const [subscription, depth] of await depths()) if (depth) this.set({ subscription }, depth.pending);
    },
  });
  new Gauge({
    name: 'gateway_webhook_oldest_pending_age_seconds',
    help: 'Age of the oldest pending webhook delivery, per subscription (0 when none is pending)',
    labelNames: ['subscription'],
    registers: [registry],
    async collect() {
      for (const [subscription, depth] of await depths()) if (depth) this.set({ subscription }, (depth.oldestPendingAgeMs ?? 0) / 1000);
    },
  });
  return { outcome: (subscription: string, outcome: 'delivered' | 'retried' | 'dead') => deliveries.inc({ subscription, outcome }) };
}
