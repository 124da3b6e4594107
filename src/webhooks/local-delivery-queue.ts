import type { DeliveryBackoff } from './delivery-backoff.js';
import { viewOf, type AttemptReport, type DeliverOnce, type DeliveryQueue, type QueueDepth } from './delivery-queue.js';
import type { Delivery, DeliveryStatus, DeliveryView } from './webhook-event.js';

interface Entry {
  delivery: Delivery;
  status: DeliveryStatus;
  attempts: number;
  running: boolean;
  lastAttemptAt?: number;
  lastError?: string;
  timer?: NodeJS.Timeout;
}

export interface LocalQueueOptions {
  deliver: DeliverOnce;
  backoff: DeliveryBackoff;
  report: AttemptReport;
  /** Attempts in flight at once per subscription. */
  concurrency: number;
  /** Finished deliveries kept for the listing; the oldest go first. */
  keepFinished?: number;
  now?: () => number;
}

/**
 * Deliveries waiting in this process, for a gateway without Redis. Everything pending is
 * lost when the process stops: the poll that follows a restart finds only what changed
 * after it, so changes seen before the restart and not yet delivered are not sent.
 */
export class LocalDeliveryQueue implements DeliveryQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly ready: Entry[] = [];
  private readonly running = new Map<string, number>();
  private closed = false;

  constructor(private readonly options: LocalQueueOptions) {}

  async enqueue(delivery: Delivery): Promise<boolean> {
    if (this.closed || this.entries.has(delivery.id)) return false;
    const entry: Entry = { delivery, status: 'pending', attempts: 0, running: false };
    this.entries.set(delivery.id, entry);
    this.schedule(entry, 0);
    this.forgetOldFinished();
    return true;
  }

  async list(subscriptionId: string, status: DeliveryStatus | undefined, limit: number): Promise<DeliveryView[]> {
    return [...this.entries.values()]
      .filter((entry) => entry.delivery.subscriptionId === subscriptionId && (status === undefined || entry.status === status))
      .sort((a, b) => b.delivery.createdAt - a.delivery.createdAt)
      .slice(0, limit)
      .map((entry) => this.view(entry));
  }

  async retry(subscriptionId: string, deliveryId: string): Promise<DeliveryView | undefined> {
    const entry = this.entries.get(deliveryId);
    if (!entry || entry.delivery.subscriptionId !== subscriptionId) return undefined;
    if (entry.status !== 'pending') {
      entry.status = 'pending';
      entry.attempts = 0;
    }
    if (!entry.running) this.schedule(entry, 0);
    return this.view(entry);
  }

  async depth(subscriptionId: string): Promise<QueueDepth> {
    const now = (this.options.now ?? Date.now)();
    const pending = [...this.entries.values()].filter((entry) => entry.delivery.subscriptionId === subscriptionId && entry.status === 'pending');
    const oldest = Math.min(...pending.map((entry) => entry.delivery.createdAt));
    return { pending: pending.length, oldestPendingAgeMs: pending.length === 0 ? null : Math.max(0, now - oldest) };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
  }

  private schedule(entry: Entry, delayMs: number): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.ready.push(entry);
      this.pump();
    }, delayMs);
    entry.timer.unref();
  }

  private pump(): void {
    for (let index = 0; index < this.ready.length && !this.closed; ) {
      const entry = this.ready[index]!;
      const subscriptionId = entry.delivery.subscriptionId;
      const running = this.running.get(subscriptionId) ?? 0;
      if (running >= this.options.concurrency) {
        index += 1;
        continue;
      }
      this.ready.splice(index, 1);
      this.running.set(subscriptionId, running + 1);
      void this.attempt(entry).finally(() => {
        this.running.set(subscriptionId, (this.running.get(subscriptionId) ?? 1) - 1);
        this.pump();
      });
    }
  }

  private async attempt(entry: Entry): Promise<void> {
    const { backoff, report } = this.options;
    entry.running = true;
    entry.attempts += 1;
    entry.lastAttemptAt = (this.options.now ?? Date.now)();
    const outcome = await this.options.deliver(entry.delivery, entry.attempts).finally(() => (entry.running = false));
    if (outcome.ok) {
      entry.status = 'delivered';
      entry.lastError = undefined;
      report(entry.delivery.subscriptionId, 'delivered');
      return;
    }
    entry.lastError = outcome.error;
    if (entry.attempts >= backoff.attempts) {
      entry.status = 'failed';
      report(entry.delivery.subscriptionId, 'dead');
      return;
    }
    report(entry.delivery.subscriptionId, 'retried');
    if (!this.closed) this.schedule(entry, backoff.delayMs(entry.attempts, outcome.retryAfterMs));
  }

  /** Keeps memory bounded: the oldest finished deliveries are dropped past `keepFinished`. */
  private forgetOldFinished(): void {
    const keep = this.options.keepFinished ?? 10_000;
    const finished = [...this.entries.values()].filter((entry) => entry.status !== 'pending');
    for (const entry of finished.slice(0, Math.max(0, finished.length - keep))) this.entries.delete(entry.delivery.id);
  }

  private view(entry: Entry): DeliveryView {
    return viewOf(entry.delivery, entry.status, entry.attempts, entry.lastAttemptAt, entry.lastError);
  }
}
