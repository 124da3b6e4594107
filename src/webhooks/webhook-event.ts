import { createHash } from 'node:crypto';
import type { WebhookEventType } from '../config/gateway-config.js';
import type { Row } from '../contract/index.js';

/** What a receiver gets: the change, when the gateway saw it, and the normalized row as it is now. */
export interface WebhookEvent {
  type: WebhookEventType;
  /** ISO 8601: when the gateway saw the change. */
  timestamp: string;
  data: { agentId: string; row: Row };
}

/** One event for one subscription, waiting to be delivered; `body` is signed as it is on every attempt. */
export interface Delivery {
  /** Also the `webhook-id` header: the same on every attempt, so a receiver can drop a repeat. */
  id: string;
  subscriptionId: string;
  type: WebhookEventType;
  agentId: string;
  rowId: string;
  /** The event as JSON, fixed when the change was seen. */
  body: string;
  /** Epoch ms, when it was queued. */
  createdAt: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

/** A delivery as `GET /v1/webhooks/{id}/deliveries` shows it: never the body, never a receiver's answer whole. */
export interface DeliveryView {
  id: string;
  type: WebhookEventType;
  agentId: string;
  rowId: string;
  /** `pending` (waiting, or between attempts), `delivered` (a 2xx), `failed` (every attempt failed: the dead letter). */
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  lastAttemptAt: string | null;
  /** Why the last attempt failed, in a few words (`HTTP 503`, `timed out after 10000 ms`). */
  lastError: string | null;
}

/**
 * A delivery's id: the subscription, the row and the row's version, hashed. The same
 * change seen twice (a vendor event, then the poll) makes the same id, and the queue keeps
 * one delivery per id.
 */
export function deliveryIdOf(subscriptionId: string, rowId: string, version: string): string {
  return `msg_${createHash('sha256').update(JSON.stringify([subscriptionId, rowId, version])).digest('hex').slice(0, 32)}`;
}

export function deliveryOf(subscriptionId: string, id: string, event: WebhookEvent, createdAt: number): Delivery {
  return { id, subscriptionId, type: event.type, agentId: event.data.agentId, rowId: event.data.row.id, body: JSON.stringify(event), createdAt };
}

/** The result of one attempt: a 2xx, or why not and when the receiver asked to be tried again. */
export type AttemptOutcome = { ok: true; status: number } | { ok: false; error: string; retryAfterMs?: number };
