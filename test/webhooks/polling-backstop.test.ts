import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../support/redis.js';
import { metricValue, WebhookWorld } from '../support/webhook-world.js';

interface Event {
  type: string;
  data: { agentId: string; row: { id: string; source: string; lastActivityAt: string } };
}

describe('the polling backstop', () => {
  let world: WebhookWorld;
  beforeEach(async () => {
    world = await WebhookWorld.start();
  });
  afterEach(async () => {
    await world.close();
  });

  const completePolls = (app: Awaited<ReturnType<WebhookWorld['app']>>) => metricValue(app, 'gateway_webhook_polls_total', { outcome: 'complete' });

  it('delivers a change no vendor event announced by the next poll, verified, and sends nothing that stood still', async () => {
    const app = await world.app();
    await until(async () => (await completePolls(app)) >= 2, 10_000, 'two polls');
    expect(world.receivers.acme.received).toEqual([]);

    const rowId = world.add(world.vendors.acme);
    const pollsAtChange = await completePolls(app);
    await until(() => world.receivers.acme.delivered().length === 1, 10_000, 'the created event');
    // The poll in flight when the change was made may miss it; the one after it does not.
    expect((await completePolls(app)) - pollsAtChange).toBeLessThanOrEqual(2);
    const [created] = world.receivers.acme.received;
    expect(created!.verified).toBe(true);
    expect(created!.event).toMatchObject({ type: 'conversation.created', data: { agentId: 'acme-bot', row: { id: rowId, source: 'acme-vendor' } } });
    expect((created!.event as Event).data.row).not.toHaveProperty('raw');

    world.clock += 60_000;
    world.touch(world.vendors.acme, rowId);
    await until(() => world.receivers.acme.delivered().length === 2, 10_000, 'the updated event');
    const updated = world.receivers.acme.received[1]!;
    expect(updated.event).toMatchObject({ type: 'conversation.updated', data: { row: { id: rowId, lastActivityAt: new Date(world.clock).toISOString() } } });
    expect(updated.id).not.toBe(created!.id);

    // Polls go on reading the same rows in their margin: no change, nothing sent again.
    const polls = await completePolls(app);
    await until(async () => (await completePolls(app)) >= polls + 3, 10_000, 'three more polls');
    expect(world.receivers.acme.received).toHaveLength(2);
  });

  it("never sends a subscription another org's rows", async () => {
    const app = await world.app();
    await until(async () => (await completePolls(app)) >= 2, 10_000, 'two polls');
    const acmeRow = world.add(world.vendors.acme);
    const globexRow = world.add(world.vendors.globex);
    await until(() => world.receivers.acme.delivered().length === 1 && world.receivers.globex.delivered().length === 1, 10_000, 'both events');
    const polls = await completePolls(app);
    await until(async () => (await completePolls(app)) >= polls + 4, 10_000, 'more polls');
    const rowsOf = (received: typeof world.receivers.acme.received) => received.map((each) => (each.event as Event).data.row.id);
    expect(rowsOf(world.receivers.acme.received)).toEqual([acmeRow]);
    expect(rowsOf(world.receivers.globex.received)).toEqual([globexRow]);
    expect(world.receivers.acme.received.every((each) => (each.event as Event).data.agentId === 'acme-bot')).toBe(true);
  });

  it('costs one vendor call per source per poll when nothing changed, charged to no caller', async () => {
    const app = await world.app();
    await until(async () => (await completePolls(app)) >= 2, 10_000, 'two polls');
    const before = { polls: await completePolls(app), calls: world.vendors.acme.requests + world.vendors.globex.requests };
    await until(async () => (await completePolls(app)) >= before.polls + 6, 10_000, 'six polls');
    const polls = (await completePolls(app)) - before.polls;
    const calls = world.vendors.acme.requests + world.vendors.globex.requests - before.calls;
    // Every poll of each of the two agents reads its one source's first page, and no more.
    expect(calls).toBeLessThanOrEqual(polls + 2);
    expect(await metricValue(app, 'gateway_webhook_poll_vendor_calls_total')).toBeGreaterThan(0);
  });
});
