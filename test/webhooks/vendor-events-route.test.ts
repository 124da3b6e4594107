import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../support/redis.js';
import { metricValue, VENDOR_EVENT_SECRET, WebhookWorld } from '../support/webhook-world.js';

/** An ElevenLabs-style signature header over `body`, made `ageSeconds` ago with `secret`. */
function signed(body: string, ageSeconds = 0, secret = VENDOR_EVENT_SECRET): Record<string, string> {
  const t = Math.floor(Date.now() / 1000) - ageSeconds;
  return { 'content-type': 'application/json', 'elevenlabs-signature': `t=${t},v0=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}` };
}

describe('POST /v1/vendor-events/{connection}', () => {
  let world: WebhookWorld;
  beforeEach(async () => {
    world = await WebhookWorld.start();
  });
  afterEach(async () => {
    await world.close();
  });

  // Polls an hour apart: after the first, only the vendor event can bring a change in.
  const slowPolls = { pollIntervalMs: 3_600_000 };

  it('reads the source at once on a valid event and delivers the change, long before the next poll', async () => {
    const app = await world.app({ webhooks: slowPolls });
    // The first poll of each of the two agents.
    await until(async () => (await metricValue(app, 'gateway_webhook_polls_total')) >= 2, 10_000, 'the first polls');
    const rowId = world.add(world.vendors.acme);
    const vendorAgentId = app.gateway.directory.agents.get('acme-bot')!.sources[0]!.vendorAgentId;
    const body = JSON.stringify({ type: 'post_call_transcription', data: { agent_id: vendorAgentId, conversation_id: rowId.split(':')[1] } });
    const answer = await app.inject({ method: 'POST', url: '/v1/vendor-events/acme-vendor', headers: signed(body), payload: body });
    expect(answer.statusCode).toBe(202);
    expect(answer.json()).toEqual({ success: true, data: { reads: 1 } });
    await until(() => world.receivers.acme.delivered().length === 1, 10_000, 'the delivery');
    expect(world.receivers.acme.received[0]).toMatchObject({ verified: true, event: { type: 'conversation.created', data: { row: { id: rowId } } } });
    expect(await metricValue(app, 'gateway_webhook_polls_total')).toBe(2);
  });

  it('refuses a missing, wrong or stale signature with a 401, reads nothing and queues nothing', async () => {
    const app = await world.app({ webhooks: slowPolls });
    await until(async () => (await metricValue(app, 'gateway_webhook_polls_total')) >= 1, 10_000, 'the first poll');
    world.add(world.vendors.acme);
    const calls = world.vendors.acme.requests;
    const body = JSON.stringify({ type: 'post_call_transcription', data: { agent_id: 'acme-bot' } });
    const attempts = [
      { 'content-type': 'application/json' },
      signed(body, 0, 'not-the-secret-0123456789'),
      signed(body, 31 * 60),
      { ...signed(body), 'elevenlabs-signature': 'v0=deadbeef' },
    ];
    for (const headers of attempts) {
      const answer = await app.inject({ method: 'POST', url: '/v1/vendor-events/acme-vendor', headers, payload: body });
      expect(answer.statusCode).toBe(401);
      expect(answer.json()).toMatchObject({ success: false, error: 'INVALID_SIGNATURE' });
    }
    const tampered = await app.inject({ method: 'POST', url: '/v1/vendor-events/acme-vendor', headers: signed(body), payload: `${body} ` });
    expect(tampered.statusCode).toBe(401);
    expect(world.vendors.acme.requests).toBe(calls);
    expect(await app.gateway.webhooks!.queue.list('crm', undefined, 10)).toEqual([]);
  });

  it('refuses a body over the limit before parsing it, and a connection that takes no events', async () => {
    const app = await world.app({ webhooks: slowPolls });
    const large = JSON.stringify({ padding: 'x'.repeat(300 * 1024) });
    const tooLarge = await app.inject({ method: 'POST', url: '/v1/vendor-events/acme-vendor', headers: signed(large), payload: large });
    expect(tooLarge.statusCode).toBe(413);
    const body = '{}';
    expect((await app.inject({ method: 'POST', url: '/v1/vendor-events/globex-vendor', headers: signed(body), payload: body })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/v1/vendor-events/nothing', headers: signed(body), payload: body })).json()).toMatchObject({ error: 'NOT_FOUND' });
    const notJson = 'not json';
    expect((await app.inject({ method: 'POST', url: '/v1/vendor-events/acme-vendor', headers: signed(notJson), payload: notJson })).json()).toMatchObject({ error: 'BAD_REQUEST' });
  });
});
