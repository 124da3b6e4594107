import type { AttemptOutcome, Delivery, DeliveryStatus, DeliveryView } from './webhook-event.js';

/** Makes one attempt of a delivery (signs it anew and POSTs it). */
export type DeliverOnce = (delivery: Delivery, attempt: number) => Promise<AttemptOutcome>;

/** What a queue tells about each attempt, for the metrics. */
export type AttemptReport = (subscriptionId: string, outcome: 'delivered' | 'retried' | 'dead') => void;

export interface QueueDepth {
  pending: number;
  /** Age of the oldest pending delivery, ms; null when none is pending. */
  oldestPendingAgeMs: number | null;
}

/**
 * Where deliveries wait between the change and the receiver's 2xx: in Redis (BullMQ, one
 * queue per subscription, durable, each delivery attempted by one replica at a time) or in
 * this process (lost when it stops). A delivery id is queued once: a second `enqueue` of
 * the same id is ignored while the first is kept.
 */
export interface DeliveryQueue {
  /** True when queued, false when a delivery of that id is already kept. */
  enqueue(delivery: Delivery): Promise<boolean>;
  /** Newest first, at most `limit`. */
  list(subscriptionId: string, status: DeliveryStatus | undefined, limit: number): Promise<DeliveryView[]>;
  /** A failed (or delivered) delivery attempted again from its first attempt; a pending one at once. Undefined when unknown. */
  retry(subscriptionId: string, deliveryId: string): Promise<DeliveryView | undefined>;
  depth(subscriptionId: string): Promise<QueueDepth>;
  close(): Promise<void>;
}

export function viewOf(delivery: Delivery, status: DeliveryStatus, attempts: number, lastAttemptAt: number | undefined, lastError: string | undefined): DeliveryView {
  return {
    id: delivery.id,
    type: delivery.type,
    agentId: delivery.agentId,
    rowId: delivery.rowId,
    status,
    attempts,
    createdAt: new Date(delivery.createdAt).toISOString(),
    lastAttemptAt: lastAttemptAt === undefined ? null : new Date(lastAttemptAt).toISOString(),
    lastError: lastError ?? null,
  };
}
