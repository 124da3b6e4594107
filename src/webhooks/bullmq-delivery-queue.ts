import { Queue, Worker, type Job, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import { DEFAULT_STORE_KEY_PREFIX, type RedisStoreConfig } from '../config/gateway-config.js';
import type { DeliveryBackoff } from './delivery-backoff.js';
import { viewOf, type AttemptReport, type DeliverOnce, type DeliveryQueue, type QueueDepth } from './delivery-queue.js';
import type { Delivery, DeliveryStatus, DeliveryView } from './webhook-event.js';

/** BullMQ's job states behind each delivery status. */
const STATES: Record<DeliveryStatus, JobType[]> = {
  pending: ['waiting', 'prioritized', 'delayed', 'active'],
  delivered: ['completed'],
  failed: ['failed'],
};

/** How long a finished delivery is kept for the listing and for telling a repeat apart: a week, a month for the dead letters. */
const KEEP_DELIVERED = { age: 7 * 86_400, count: 10_000 };
const KEEP_FAILED = { age: 30 * 86_400, count: 10_000 };
/** Pending deliveries looked at for the oldest one's age (a queue deeper than this is an alert already). */
const OLDEST_SCAN = 1_000;

export interface BullQueueOptions {
  redis: RedisStoreConfig;
  subscriptionIds: readonly string[];
  deliver: DeliverOnce;
  backoff: DeliveryBackoff;
  report: AttemptReport;
  /** Attempts in flight at once per subscription, on this replica. */
  concurrency: number;
  /** A replica that stops renewing its lock this long loses the delivery to another (default 30 s). */
  lockDurationMs?: number;
  /** How often a replica looks for deliveries whose replica died (default 30 s). */
  stalledIntervalMs?: number;
  onError(error: Error): void;
  now?: () => number;
}

/** How long a closing queue waits for the attempts in flight. */
const CLOSE_GRACE_MS = 5_000;

/** A failed attempt, with when the receiver asked to be tried again (read by the backoff). */
class AttemptFailed extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Deliveries in Redis: one BullMQ queue per subscription under `<store.redis.keyPrefix>webhooks`.
 * They survive restarts; every replica runs a worker, and BullMQ's lock lets one replica at a
 * time attempt a delivery. A replica that dies mid-attempt stops renewing its lock, and another
 * replica takes the delivery up again after `lockDurationMs` (same `webhook-id`).
 */
export class BullDeliveryQueue implements DeliveryQueue {
  private readonly connection: Redis;
  private readonly queues = new Map<string, Queue<Delivery>>();
  private readonly workers: Worker<Delivery>[] = [];

  constructor(private readonly options: BullQueueOptions) {
    // BullMQ's own connection: it blocks while waiting for jobs, so it is not the store's.
    this.connection = new Redis(options.redis.url, { maxRetriesPerRequest: null });
    this.connection.on('error', (error: Error) => options.onError(error));
    const prefix = `${options.redis.keyPrefix ?? DEFAULT_STORE_KEY_PREFIX}webhooks`;
    for (const id of options.subscriptionIds) {
      const queue = new Queue<Delivery>(id, { connection: this.connection, prefix });
      queue.on('error', (error: Error) => options.onError(error));
      this.queues.set(id, queue);
      const worker = new Worker<Delivery>(id, (job) => this.attempt(job), {
        connection: this.connection,
        prefix,
        concurrency: options.concurrency,
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        // A delivery taken up again after its replica died is still attempted; only one that stalls again and again is failed.
        maxStalledCount: 5,
        settings: { backoffStrategy: (attemptsMade, _type, error) => options.backoff.delayMs(attemptsMade, (error as AttemptFailed | undefined)?.retryAfterMs) },
      });
      worker.on('error', (error: Error) => options.onError(error));
      worker.on('completed', () => options.report(id, 'delivered'));
      worker.on('failed', (job) => {
        if (job) options.report(id, job.attemptsMade >= options.backoff.attempts ? 'dead' : 'retried');
      });
      this.workers.push(worker);
    }
  }

  async enqueue(delivery: Delivery): Promise<boolean> {
    const queue = this.queueOf(delivery.subscriptionId);
    // BullMQ keeps one job per id whatever: this only tells whether this call was the one that queued it.
    if (!queue || (await queue.getJob(delivery.id))) return false;
    await queue.add(delivery.type, delivery, {
      jobId: delivery.id,
      attempts: this.options.backoff.attempts,
      backoff: { type: 'webhook' },
      removeOnComplete: KEEP_DELIVERED,
      removeOnFail: KEEP_FAILED,
    });
    return true;
  }

  async list(subscriptionId: string, status: DeliveryStatus | undefined, limit: number): Promise<DeliveryView[]> {
    const queue = this.queueOf(subscriptionId);
    if (!queue) return [];
    const statuses = status ? [status] : (Object.keys(STATES) as DeliveryStatus[]);
    const views = await Promise.all(
      statuses.map(async (each) => (await queue.getJobs(STATES[each], 0, limit - 1, false)).filter(Boolean).map((job) => this.view(job, each))),
    );
    return views
      .flat()
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
  }

  async retry(subscriptionId: string, deliveryId: string): Promise<DeliveryView | undefined> {
    const queue = this.queueOf(subscriptionId);
    const job = queue && (await queue.getJob(deliveryId));
    if (!queue || !job) return undefined;
    const state = await job.getState();
    if (state === 'failed' || state === 'completed') await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    else if (state === 'delayed') await job.promote();
    const again = await queue.getJob(deliveryId);
    return again ? this.view(again, 'pending') : undefined;
  }

  async depth(subscriptionId: string): Promise<QueueDepth> {
    const queue = this.queueOf(subscriptionId);
    if (!queue) return { pending: 0, oldestPendingAgeMs: null };
    const counts = await queue.getJobCounts(...STATES.pending);
    const pending = Object.values(counts).reduce((sum, count) => sum + count, 0);
    if (pending === 0) return { pending, oldestPendingAgeMs: null };
    const jobs = (await queue.getJobs(STATES.pending, 0, OLDEST_SCAN - 1, true)).filter(Boolean);
    const oldest = Math.min(...jobs.map((job) => job.data.createdAt));
    return { pending, oldestPendingAgeMs: jobs.length === 0 ? null : Math.max(0, (this.options.now ?? Date.now)() - oldest) };
  }

  /**
   * Lets the attempts in flight finish, for `CLOSE_GRACE_MS` at most: without Redis BullMQ's
   * close waits for a connection that may never come, and a shutdown must not wait with it.
   */
  async close(): Promise<void> {
    const graceful = (async () => {
      await Promise.all(this.workers.map((worker) => worker.close()));
      await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    })();
    graceful.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.connection.status === 'ready' ? CLOSE_GRACE_MS : 0)));
    await Promise.race([graceful, grace]);
    clearTimeout(timer);
    this.connection.disconnect();
  }

  /** Stops this replica at once, as a crash would: attempts in flight are abandoned, their locks left to expire (tests). */
  async kill(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close(true)));
    this.connection.disconnect();
  }

  private async attempt(job: Job<Delivery>): Promise<{ status: number }> {
    const outcome = await this.options.deliver(job.data, job.attemptsMade + 1);
    if (!outcome.ok) throw new AttemptFailed(outcome.error, outcome.retryAfterMs);
    return { status: outcome.status };
  }

  private queueOf(subscriptionId: string): Queue<Delivery> | undefined {
    return this.queues.get(subscriptionId);
  }

  private view(job: Job<Delivery>, status: DeliveryStatus): DeliveryView {
    const attempts = status === 'pending' ? job.attemptsMade : Math.max(job.attemptsMade, 1);
    return viewOf(job.data, status, attempts, job.processedOn, status === 'delivered' ? undefined : job.failedReason || undefined);
  }
}
