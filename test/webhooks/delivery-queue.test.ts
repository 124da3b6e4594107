import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookSubscriptionConfig } from '../../src/config/gateway-config.js';
import { deliveryBackoff, type DeliveryBackoff } from '../../src/webhooks/delivery-backoff.js';
import { openDeliveryQueue } from '../../src/webhooks/webhook-deliveries.js';
import { deliveryIdOf, deliveryOf, type WebhookEvent } from '../../src/webhooks/webhook-event.js';
import { deleteKeys, REDIS_URL, uniquePrefix, until } from '../support/redis.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const FAST: DeliveryBackoff = deliveryBackoff({ attempts: 5, firstDelayMs: 20, factor: 2, maxDelayMs: 200, jitter: 0 });

function event(rowId: string): WebhookEvent {
  return {
    type: 'conversation.created',
    timestamp: new Date().toISOString(),
    data: { agentId: 'bot', row: { id: rowId, source: 'cc', vendor: 'convocore', conversationId: rowId.split(':')[1] } as never },
  };
}

const kinds = [
  { kind: 'in-process', redis: () => undefined },
  { kind: 'BullMQ on Redis', redis: () => ({ url: REDIS_URL, keyPrefix: uniquePrefix('webhook-queue') }) },
] as const;

describe.each(kinds)('the delivery queue ($kind)', ({ redis }) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(secrets: string[], backoff: DeliveryBackoff = FAST) {
    const receiver = await WebhookReceiver.start(secrets[0]!);
    const subscription: WebhookSubscriptionConfig = { url: receiver.url, secrets, org: 'acme', agents: 'all', events: ['conversation.created', 'conversation.updated'] };
    const outcomes: string[] = [];
    const store = redis();
    const opened = openDeliveryQueue({
      subscriptions: new Map([['crm', subscription]]),
      redis: store,
      report: (_subscription, outcome) => outcomes.push(outcome),
      onError: () => undefined,
      options: { backoff, http: { timeoutMs: 2_000, maxResponseBytes: 1_024 } },
      now: Date.now,
    });
    cleanups.push(async () => {
      await opened.close();
      await receiver.close();
      if (store) await deleteKeys(store.keyPrefix);
    });
    return { receiver, queue: opened.queue, outcomes };
  }

  it('signs every delivery so the standardwebhooks library verifies it, with either secret while one rotates', async () => {
    const [current, previous] = [secret(), secret()];
    const { receiver, queue } = await setUp([current, previous]);
    const id = deliveryIdOf('crm', 'cc:1', 'v1');
    expect(await queue.enqueue(deliveryOf('crm', id, event('cc:1'), Date.now()))).toBe(true);
    await until(() => receiver.received.length === 1, 10_000, 'the delivery');
    const [got] = receiver.received;
    expect(got).toMatchObject({ id, verified: true, event: { type: 'conversation.created', data: { agentId: 'bot', row: { id: 'cc:1' } } } });
    expect(got!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    const { Webhook } = await import('standardwebhooks');
    const body = JSON.stringify(got!.event);
    expect(() => new Webhook(previous).verify(body, got!.headers)).not.toThrow();
    expect(() => new Webhook(secret()).verify(body, got!.headers)).toThrow();
  });

  it('gets the event to a receiver down for three attempts once, with one webhook-id', async () => {
    const { receiver, queue, outcomes } = await setUp([secret()]);
    receiver.answer = (request) => (request < 3 ? { status: 503, body: 'x'.repeat(5_000) } : { status: 200 });
    const id = deliveryIdOf('crm', 'cc:2', 'v1');
    await queue.enqueue(deliveryOf('crm', id, event('cc:2'), Date.now()));
    await until(async () => (await queue.list('crm', 'delivered', 10)).length === 1, 15_000, 'delivered');
    expect(receiver.received.map((each) => each.id)).toEqual([id, id, id, id]);
    expect(receiver.received.every((each) => each.verified)).toBe(true);
    expect(receiver.delivered()).toHaveLength(1);
    expect(outcomes).toEqual(['retried', 'retried', 'retried', 'delivered']);
    const [view] = await queue.list('crm', undefined, 10);
    expect(view).toMatchObject({ id, status: 'delivered', rowId: 'cc:2', lastError: null });
    expect(await queue.depth('crm')).toEqual({ pending: 0, oldestPendingAgeMs: null });
  });

  it('queues one delivery per id, however often the change is seen', async () => {
    const { receiver, queue } = await setUp([secret()]);
    const id = deliveryIdOf('crm', 'cc:3', 'v1');
    const results = [await queue.enqueue(deliveryOf('crm', id, event('cc:3'), Date.now()))];
    await until(() => receiver.delivered().length === 1, 10_000, 'the delivery');
    results.push(await queue.enqueue(deliveryOf('crm', id, event('cc:3'), Date.now())));
    expect(results).toEqual([true, false]);
    expect(await queue.list('crm', undefined, 10)).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('dead-letters a delivery after its last attempt, keeps only a few words of the answer, and retries it on demand', async () => {
    const { receiver, queue, outcomes } = await setUp([secret()]);
    receiver.answer = () => ({ status: 500, body: `boom ${'y'.repeat(10_000)}` });
    const id = deliveryIdOf('crm', 'cc:4', 'v1');
    await queue.enqueue(deliveryOf('crm', id, event('cc:4'), Date.now()));
    await until(async () => (await queue.list('crm', 'failed', 10)).length === 1, 15_000, 'the dead letter');
    const [dead] = await queue.list('crm', 'failed', 10);
    expect(dead).toMatchObject({ id, status: 'failed', attempts: FAST.attempts });
    expect(dead!.lastError!.startsWith('HTTP 500: boom')).toBe(true);
    expect(dead!.lastError!.length).toBeLessThanOrEqual(120);
    expect(outcomes.at(-1)).toBe('dead');
    expect(await queue.list('crm', 'delivered', 10)).toEqual([]);

    receiver.answer = () => ({ status: 204 });
    expect(await queue.retry('crm', id)).toMatchObject({ id, status: 'pending' });
    expect(await queue.retry('other', id)).toBeUndefined();
    await until(async () => (await queue.list('crm', 'delivered', 10)).length === 1, 10_000, 'delivered on retry');
    expect(receiver.delivered().map((each) => each.id)).toEqual([id]);
  });

  it("waits as long as the receiver's Retry-After says", async () => {
    const asked: Array<number | undefined> = [];
    const backoff: DeliveryBackoff = { attempts: 3, delayMs: (_attempt, retryAfterMs) => (asked.push(retryAfterMs), 10) };
    const { receiver, queue } = await setUp([secret()], backoff);
    receiver.answer = (request) => (request === 0 ? { status: 429, headers: { 'retry-after': '7' } } : { status: 200 });
    await queue.enqueue(deliveryOf('crm', deliveryIdOf('crm', 'cc:5', 'v1'), event('cc:5'), Date.now()));
    await until(() => receiver.delivered().length === 1, 10_000, 'the delivery');
    expect(asked).toEqual([7_000]);
  });

  it('counts pending deliveries and the age of the oldest', async () => {
    const { receiver, queue } = await setUp([secret()]);
    receiver.answer = () => 'hang';
    const createdAt = Date.now() - 5_000;
    await queue.enqueue(deliveryOf('crm', deliveryIdOf('crm', 'cc:6', 'v1'), event('cc:6'), createdAt));
    await queue.enqueue(deliveryOf('crm', deliveryIdOf('crm', 'cc:7', 'v1'), event('cc:7'), Date.now()));
    const depth = await queue.depth('crm');
    expect(depth.pending).toBe(2);
    expect(depth.oldestPendingAgeMs).toBeGreaterThanOrEqual(5_000);
    expect((await queue.list('crm', 'pending', 10)).map((view) => view.rowId)).toEqual(['cc:7', 'cc:6']);
  });
});
