import { Agent, type Dispatcher } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BullDeliveryQueue } from '../../src/webhooks/bullmq-delivery-queue.js';
import { deleteKeys, REDIS_URL, uniquePrefix, until } from '../support/redis.js';
import { WebhookWorld } from '../support/webhook-world.js';

/** A delivery dispatcher that says whether its replica made an attempt. */
class WatchedAgent extends Agent {
  attempts = 0;

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.attempts += 1;
    return super.dispatch(options, handler);
  }
}

describe('deliveries on Redis with two replicas', () => {
  let world: WebhookWorld;
  let prefix: string;
  beforeEach(async () => {
    world = await WebhookWorld.start();
    prefix = uniquePrefix('webhook-fleet');
  });
  afterEach(async () => {
    await world.close();
    await deleteKeys(prefix);
  });

  it('loses nothing when the replica delivering is killed mid-delivery: the other one delivers it, under the same webhook-id', async () => {
    const redis = { url: REDIS_URL, keyPrefix: prefix };
    // A replica that stops renewing its lock loses the delivery after a second.
    const fleet = { lockDurationMs: 1_000, stalledIntervalMs: 300 };
    const dispatchers = [new WatchedAgent(), new WatchedAgent()];
    const replicas = [
      await world.app({ redis, webhooks: { ...fleet, dispatcher: dispatchers[0] } }),
      await world.app({ redis, webhooks: { ...fleet, dispatcher: dispatchers[1] } }),
    ];
    // The first attempt hangs: its replica is killed while the receiver holds it.
    world.receivers.acme.answer = (request) => (request === 0 ? 'hang' : { status: 204 });
    const rowId = world.add(world.vendors.acme);
    await until(() => world.receivers.acme.received.length === 1, 15_000, 'the first attempt');

    const delivering = dispatchers.findIndex((dispatcher) => dispatcher.attempts > 0);
    expect(delivering).toBeGreaterThanOrEqual(0);
    const [killed, survivor] = delivering === 0 ? [replicas[0]!, replicas[1]!] : [replicas[1]!, replicas[0]!];
    killed.gateway.webhooks!.poller.close();
    await (killed.gateway.webhooks!.queue as BullDeliveryQueue).kill();
    await dispatchers[delivering]!.destroy();

    await until(() => world.receivers.acme.delivered().length === 1, 20_000, 'the delivery by the other replica');
    const ids = new Set(world.receivers.acme.received.map((each) => each.id));
    expect(ids.size).toBe(1);
    expect(world.receivers.acme.received.every((each) => each.verified)).toBe(true);
    expect(world.receivers.acme.delivered()[0]!.event).toMatchObject({ type: 'conversation.created', data: { row: { id: rowId } } });
    expect(dispatchers[1 - delivering]!.attempts).toBe(1);
    // The receiver answered before the survivor recorded the delivery.
    await until(async () => (await survivor.gateway.webhooks!.queue.list('crm', 'delivered', 10)).length === 1, 10_000, 'the delivery recorded');
    const [view] = await survivor.gateway.webhooks!.queue.list('crm', 'delivered', 10);
    expect(view).toMatchObject({ id: [...ids][0], rowId, status: 'delivered' });

    // The change is seen again by every later poll of the survivor: nothing more is sent.
    world.receivers.acme.answer = () => ({ status: 204 });
    const received = world.receivers.acme.received.length;
    // (Skipped while the survivor's own timed poll holds the lease.)
    await until(async () => (await survivor.gateway.webhooks!.poller.poll('acme-bot', true)).outcome === 'complete', 10_000, 'a poll of our own');
    expect(world.receivers.acme.received).toHaveLength(received);
    await dispatchers[1 - delivering]!.close();
  });

  it('delivers a change once, however many replicas poll and see it', async () => {
    const redis = { url: REDIS_URL, keyPrefix: prefix };
    const replicas = [await world.app({ redis }), await world.app({ redis }), await world.app({ redis })];
    const rowId = world.add(world.vendors.acme);
    await until(() => world.receivers.acme.delivered().length === 1, 15_000, 'the delivery');
    // Every replica polls now, each seeing the row: none sends it again.
    for (const replica of replicas) await until(async () => (await replica.gateway.webhooks!.poller.poll('acme-bot', true)).outcome === 'complete', 10_000, 'a poll');
    const listed = await replicas[2]!.gateway.webhooks!.queue.list('crm', undefined, 10);
    expect(listed.map((view) => view.rowId)).toEqual([rowId]);
    expect(world.receivers.acme.received).toHaveLength(1);
  });
});
