import { Counter, Gauge, type Registry } from 'prom-client';
import type { PollReport } from './agent-poller.js';
import type { DeliveryQueue } from './delivery-queue.js';

/**
 * `gateway_webhook_deliveries_total{subscription,outcome}` (attempts this replica made:
 * `delivered`, `retried`, `dead`), and per subscription the deliveries pending in the
 * queue and the age of the oldest (the fleet's, read from the queue at each scrape). Polls:
 * `gateway_webhook_polls_total{outcome}` and the vendor calls they made,
 * `gateway_webhook_poll_vendor_calls_total{agent}` (charged to no caller's rate limit).
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
  const polls = new Counter({
    name: 'gateway_webhook_polls_total',
    help: 'Polls of subscribed agents this replica ran, by outcome: complete (a new sync token), cut (budget or a failed source: goes on next time), failed',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const pollCalls = new Counter({
    name: 'gateway_webhook_poll_vendor_calls_total',
    help: "Vendor calls the polls of an agent made on this replica (charged to no caller's rate limit)",
    labelNames: ['agent'],
    registers: [registry],
  });
  return {
    outcome: (subscription: string, outcome: 'delivered' | 'retried' | 'dead') => deliveries.inc({ subscription, outcome }),
    poll: (agent: string, report: PollReport) => {
      polls.inc({ outcome: report.outcome });
      pollCalls.inc({ agent }, report.vendorCalls);
    },
  };
}
