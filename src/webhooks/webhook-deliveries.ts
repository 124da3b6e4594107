import type { Dispatcher } from 'undici';
import type { RedisStoreConfig, WebhookSubscriptionConfig } from '../config/gateway-config.js';
import { BullDeliveryQueue } from './bullmq-delivery-queue.js';
import { deliveryBackoff, type DeliveryBackoff } from './delivery-backoff.js';
import type { AttemptReport, DeliverOnce, DeliveryQueue } from './delivery-queue.js';
import { LocalDeliveryQueue } from './local-delivery-queue.js';
import { DEFAULT_DELIVERY_HTTP, deliveryDispatcher, sendDelivery, type DeliveryHttpOptions } from './send-delivery.js';
import { signedHeaders } from './sign-delivery.js';

/** What tests and tools may change about deliveries; the defaults are production's. */
export interface DeliveryOptions {
  backoff?: DeliveryBackoff;
  http?: DeliveryHttpOptions;
  dispatcher?: Dispatcher;
  /** Attempts in flight at once per subscription on one replica (default 8). */
  concurrency?: number;
  /** BullMQ only: how soon another replica takes up the delivery of one that died. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface DeliveryQueueInput {
  subscriptions: ReadonlyMap<string, WebhookSubscriptionConfig>;
  redis: RedisStoreConfig | undefined;
  report: AttemptReport;
  onError(error: Error): void;
  options: DeliveryOptions;
  now(): number;
}

/**
 * The queue deliveries wait in, in Redis with a store and in this process without, and
 * what one attempt is: the body signed anew (the timestamp is the attempt's) with every
 * secret of the subscription, POSTed by the delivery client.
 */
export function openDeliveryQueue(input: DeliveryQueueInput): { queue: DeliveryQueue; close(): Promise<void> } {
  const { subscriptions, options, now } = input;
  const http = options.http ?? DEFAULT_DELIVERY_HTTP;
  const dispatcher = options.dispatcher ?? deliveryDispatcher(http);
  const deliver: DeliverOnce = async (delivery) => {
    const subscription = subscriptions.get(delivery.subscriptionId);
    if (!subscription) return { ok: false, error: 'the subscription is no longer configured' };
    // Signed on the real clock: a receiver checks the timestamp against its own.
    const headers = signedHeaders(delivery.id, delivery.body, subscription.secrets, Date.now());
    return sendDelivery(dispatcher, subscription.url, headers, delivery.body, http);
  };
  const common = { deliver, backoff: options.backoff ?? deliveryBackoff(), report: input.report, concurrency: options.concurrency ?? 8, now };
  const queue: DeliveryQueue = input.redis
    ? new BullDeliveryQueue({
        ...common,
        redis: input.redis,
        subscriptionIds: [...subscriptions.keys()],
        onError: input.onError,
        ...(options.lockDurationMs ? { lockDurationMs: options.lockDurationMs } : {}),
        ...(options.stalledIntervalMs ? { stalledIntervalMs: options.stalledIntervalMs } : {}),
      })
    : new LocalDeliveryQueue(common);
  return {
    queue,
    close: async () => {
      await queue.close();
      if (!options.dispatcher) await dispatcher.close();
    },
  };
}
